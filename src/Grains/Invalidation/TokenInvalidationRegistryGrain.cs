using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grains.Invalidation;

/// <summary>
/// The gateways to tell when a token grain replaces or withdraws a token before the instant it said the token stays
/// current. One per cluster: early replacements are rare (a rejection report, a revocation, 61003/61023, a new grant),
/// and each gateway renews once per <see cref="TokenInvalidation.RenewalPeriod"/>, so one activation carries both with
/// room to spare. Subscriptions live in memory only; a new activation (its silo died) answers a new epoch, which
/// tells each gateway at its next renewal to stop trusting what it held. A gateway that stops renewing is dropped
/// after <see cref="TokenInvalidation.SubscriptionExpiry"/>.
/// </summary>
public sealed partial class TokenInvalidationRegistryGrain(
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    ILogger<TokenInvalidationRegistryGrain> logger) : Grain, ITokenInvalidationRegistryGrain
{
    private readonly Guid _epoch = Guid.NewGuid();
    private readonly Dictionary<ITokenInvalidationObserver, DateTimeOffset> _renewedAt = [];

    public Task<Guid> SubscribeAsync(ITokenInvalidationObserver observer)
    {
        _renewedAt[observer] = time.GetUtcNow();
        return Task.FromResult(_epoch);
    }

    public Task UnsubscribeAsync(ITokenInvalidationObserver observer)
    {
        _renewedAt.Remove(observer);
        return Task.CompletedTask;
    }

    public Task TokenReplacedAsync(string tokenOwner)
    {
        var now = time.GetUtcNow();
        foreach (var (observer, renewedAt) in _renewedAt.ToList())
        {
            if (now - renewedAt > TokenInvalidation.SubscriptionExpiry)
            {
                _renewedAt.Remove(observer);
                continue;
            }

            try
            {
                _ = observer.TokenReplacedAsync(tokenOwner);
            }
            catch (Exception ex)
            {
                // One gateway's broken reference must not keep the others from hearing; its renewal replaces it.
                LogNotTold(logger, ex.GetType().Name);
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Warning, Message = "A gateway was not told of a replaced token ({Error}); it keeps the old one at most until Gateway:TokenCacheMaxAge")]
    private static partial void LogNotTold(ILogger logger, string error);
}
