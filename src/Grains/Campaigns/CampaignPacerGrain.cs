using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grains.Campaigns;

/// <summary>
/// A platform's WeChat calls per second for its campaigns: a bucket holding a second's worth, refilled continuously.
/// In memory: after a restart the bucket starts full, which at worst allows one second's burst.
/// </summary>
public sealed class CampaignPacerGrain(IOptions<CampaignOptions> options, [FromKeyedServices(GrainClock.Key)] TimeProvider time) : Grain, ICampaignPacerGrain
{
    private double _tokens = options.Value.CallsPerSecond;
    private DateTimeOffset? _filledAt;

    public Task<CallPermits> TakeAsync(int wanted)
    {
        var rate = options.Value.CallsPerSecond;
        var now = time.GetUtcNow();
        if (_filledAt is { } filledAt)
        {
            _tokens = Math.Min(rate, _tokens + (now - filledAt).TotalSeconds * rate);
        }

        _filledAt = now;
        var granted = (int)Math.Min(wanted, Math.Floor(_tokens));
        _tokens -= granted;
        var nextIn = TimeSpan.FromSeconds(Math.Max(0, 1 - _tokens) / rate);
        return Task.FromResult(new CallPermits(granted, nextIn));
    }
}
