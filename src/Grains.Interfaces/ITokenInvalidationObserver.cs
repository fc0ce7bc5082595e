using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>A gateway's subscription to tokens replaced or withdrawn before the instant their grain said they stay current.</summary>
[Alias("Grains.ITokenInvalidationObserver")]
public interface ITokenInvalidationObserver : IGrainObserver
{
    /// <summary>The token of <paramref name="tokenOwner"/> (an authorizer's grain key, or a component appid) is no longer the current one.</summary>
    [OneWay]
    Task TokenReplacedAsync(string tokenOwner);
}
