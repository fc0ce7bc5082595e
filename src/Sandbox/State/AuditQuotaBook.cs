using Microsoft.Extensions.Options;

namespace Sandbox.State;

/// <summary>
/// Each platform's monthly allowance of submit_audit (85085) and speedupaudit (89405), shared by all its mini programs
/// and reported by queryquota; a month is a calendar month in Beijing time (WeChat's reset instant is unverified).
/// </summary>
public sealed class AuditQuotaBook(TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string ComponentAppId, int Year, int Month), Usage> _usage = [];
    private readonly Dictionary<string, (int Audits, int Speedups)> _limits = new(StringComparer.Ordinal);

    public bool TryTakeAudit(string componentAppId) => Take(componentAppId, speedup: false);

    public bool TryTakeSpeedup(string componentAppId) => Take(componentAppId, speedup: true);

    /// <summary>Gives a withdrawn audit's unit back to the month it was submitted in, which is not always this one.</summary>
    public void RefundAudit(string componentAppId, DateTimeOffset submittedAt)
    {
        lock (_lock)
        {
            var usage = UsageOf(componentAppId, BeijingTime.Day(submittedAt));
            usage.Audits = Math.Max(0, usage.Audits - 1);
        }
    }

    /// <summary>queryquota's numbers for this month: rest, limit, speedup_rest, speedup_limit.</summary>
    public (int Remaining, int Limit, int SpeedupRemaining, int SpeedupLimit) Quota(string componentAppId)
    {
        lock (_lock)
        {
            var (audits, speedups) = Limits(componentAppId);
            var usage = UsageOf(componentAppId);
            return (Math.Max(0, audits - usage.Audits), audits, Math.Max(0, speedups - usage.Speedups), speedups);
        }
    }

    /// <summary>Sets this platform's allowance (WeChat raises it on request in 服务商助手); the month's use stays.</summary>
    public void SetLimits(string componentAppId, int? audits, int? speedups)
    {
        lock (_lock)
        {
            var (currentAudits, currentSpeedups) = Limits(componentAppId);
            _limits[componentAppId] = (audits ?? currentAudits, speedups ?? currentSpeedups);
        }
    }

    private bool Take(string componentAppId, bool speedup)
    {
        lock (_lock)
        {
            var (audits, speedups) = Limits(componentAppId);
            var usage = UsageOf(componentAppId);
            if (speedup ? usage.Speedups >= speedups : usage.Audits >= audits)
            {
                return false;
            }

            if (speedup)
            {
                usage.Speedups++;
            }
            else
            {
                usage.Audits++;
            }

            return true;
        }
    }

    private (int Audits, int Speedups) Limits(string componentAppId) =>
        _limits.TryGetValue(componentAppId, out var limits)
            ? limits
            : (options.Value.CodeManagement.MonthlyAuditQuota, options.Value.CodeManagement.MonthlySpeedupQuota);

    private Usage UsageOf(string componentAppId) => UsageOf(componentAppId, BeijingTime.Today(time));

    private Usage UsageOf(string componentAppId, DateOnly day)
    {
        var key = (componentAppId, day.Year, day.Month);
        if (!_usage.TryGetValue(key, out var usage))
        {
            usage = new Usage();
            _usage[key] = usage;
        }

        return usage;
    }

    private sealed class Usage
    {
        public int Audits { get; set; }

        public int Speedups { get; set; }
    }
}
