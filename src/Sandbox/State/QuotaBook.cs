using Microsoft.Extensions.Options;

namespace Sandbox.State;

public sealed record QuotaUsage(int DailyLimit, int Used)
{
    public int Remaining => Math.Max(0, DailyLimit - Used);
}

/// <summary>
/// Daily call quota per account and API (45009), counted per day in China Standard Time as WeChat's reset at
/// midnight Beijing time, and the monthly budget of clear_quota resets shared by v1 and v2 (48006).
/// </summary>
public sealed class QuotaBook(TimeProvider time, IOptions<SandboxOptions> options)
{
    public const int ResetsPerMonth = 10;

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly Lock _lock = new();
    private readonly Dictionary<(string AppId, string Api, DateOnly Day), int> _used = [];
    private readonly Dictionary<(string AppId, int Year, int Month), int> _resets = [];

    public int DailyLimit(string api) => options.Value.DailyQuotas.GetValueOrDefault(api, DailyQuota.Unlisted);

    /// <summary>Counts a call; false when the quota was already used up.</summary>
    public bool TryUse(string appId, string api)
    {
        var key = (appId, api, Today());
        lock (_lock)
        {
            var used = _used.GetValueOrDefault(key);
            if (used >= DailyLimit(api))
            {
                return false;
            }

            _used[key] = used + 1;
            return true;
        }
    }

    public QuotaUsage Usage(string appId, string api)
    {
        lock (_lock)
        {
            return new QuotaUsage(DailyLimit(api), _used.GetValueOrDefault((appId, api, Today())));
        }
    }

    /// <summary>Uses up today's quota of one API, as a caching bug would.</summary>
    public void Exhaust(string appId, string api)
    {
        lock (_lock)
        {
            _used[(appId, api, Today())] = DailyLimit(api);
        }
    }

    /// <summary>Resets an account's quotas (all but the token fetch); false once this month's resets are used up.</summary>
    public bool TryClear(string appId)
    {
        var now = time.GetUtcNow().ToOffset(Beijing);
        lock (_lock)
        {
            var month = (appId, now.Year, now.Month);
            var resets = _resets.GetValueOrDefault(month);
            if (resets >= ResetsPerMonth)
            {
                return false;
            }

            _resets[month] = resets + 1;
            foreach (var used in _used.Keys.Where(k => k.AppId == appId && DailyQuota.IsClearable(k.Api)).ToList())
            {
                _used.Remove(used);
            }

            return true;
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Beijing).DateTime);
}
