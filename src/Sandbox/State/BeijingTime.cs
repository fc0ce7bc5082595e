using WeChat.Api.Quotas;

namespace Sandbox.State;

/// <summary>WeChat's days and months (daily quotas, undo limits, the monthly audit quota) turn at midnight in Beijing (UTC+8, no DST).</summary>
public static class BeijingTime
{
    public static DateOnly Day(DateTimeOffset at) => BeijingDay.Of(at);

    public static DateOnly Today(TimeProvider time) => Day(time.GetUtcNow());

    /// <summary>The next midnight in Beijing after <paramref name="at"/>, when daily quotas reset.</summary>
    public static DateTimeOffset NextMidnight(DateTimeOffset at) => BeijingDay.NextMidnight(at);
}
