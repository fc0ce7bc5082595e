using Microsoft.Extensions.Options;

namespace Sandbox.State;

/// <summary>
/// Daily call quota per appid and API path (45009), counted per Beijing day (reset at midnight there), and the monthly
/// budget of clear_quota resets (48006).
/// </summary>
public sealed class QuotaBook(TimeProvider time, IOptions<SandboxOptions> options)
{
    public const int ResetsPerMonth = 10;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string AppId, string Api, DateOnly Day), int> _used = [];
    private readonly HashSet<(string AppId, string Api, DateOnly Day)> _exhausted = [];
    private readonly Dictionary<(string AppId, int Year, int Month), int> _resets = [];
    private DateOnly _today;

    /// <summary>Counts a call; false when the quota was already used up.</summary>
    public bool TryUse(string appId, string api)
    {
        lock (_lock)
        {
            var day = Today();
            if (_exhausted.Contains((appId, api, day)))
            {
                return false;
            }

            var used = _used.GetValueOrDefault((appId, api, day));
            if (used >= options.Value.DailyQuota(api))
            {
                return false;
            }

            _used[(appId, api, day)] = used + 1;
            return true;
        }
    }

    /// <summary>Today's limit and use of one API for one appid, as openapi/quota/get reports them.</summary>
    public (int DailyLimit, int Used) Usage(string appId, string api)
    {
        var limit = options.Value.DailyQuota(api);
        lock (_lock)
        {
            var day = Today();
            return (limit, _exhausted.Contains((appId, api, day)) ? limit : Math.Min(limit, _used.GetValueOrDefault((appId, api, day))));
        }
    }

    /// <summary>Uses up today's quota of one API for one appid (the control API's quota/exhaust), until midnight in Beijing.</summary>
    public void Exhaust(string appId, string api)
    {
        lock (_lock)
        {
            _exhausted.Add((appId, api, Today()));
        }
    }

    /// <summary>Resets an appid's quotas; false once this month's resets are used up.</summary>
    public bool TryClear(string appId)
    {
        var today = BeijingTime.Today(time);
        lock (_lock)
        {
            var key = (appId, today.Year, today.Month);
            var resets = _resets.GetValueOrDefault(key);
            if (resets >= ResetsPerMonth)
            {
                return false;
            }

            _resets[key] = resets + 1;
            _exhausted.RemoveWhere(e => e.AppId == appId);
            foreach (var used in _used.Keys.Where(k => k.AppId == appId).ToList())
            {
                _used.Remove(used);
            }

            return true;
        }
    }

    /// <summary>Today in Beijing, under the lock; when the day has turned, past days' counts go (they can never apply again).</summary>
    private DateOnly Today()
    {
        var today = BeijingTime.Today(time);
        if (today > _today)
        {
            foreach (var past in _used.Keys.Where(k => k.Day < today).ToList())
            {
                _used.Remove(past);
            }

            _exhausted.RemoveWhere(e => e.Day < today);
            _today = today;
        }

        return today;
    }
}
