using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>
/// The cluster's one list of gateways to tell when a token grain replaces or withdraws a token early. Key:
/// <see cref="TokenInvalidation.RegistryKey"/>.
/// </summary>
[Alias("Grains.ITokenInvalidationRegistryGrain")]
public interface ITokenInvalidationRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Adds or renews <paramref name="observer"/> for <see cref="TokenInvalidation.SubscriptionExpiry"/>. Answers this
    /// activation's epoch: a different one than last time means the registry was lost in between, and whatever the
    /// gateway held may have missed an invalidation.
    /// </summary>
    Task<Guid> SubscribeAsync(ITokenInvalidationObserver observer);

    Task UnsubscribeAsync(ITokenInvalidationObserver observer);

    /// <summary>Tells every subscribed gateway that <paramref name="tokenOwner"/>'s token was replaced or withdrawn.</summary>
    [OneWay]
    Task TokenReplacedAsync(string tokenOwner);
}
