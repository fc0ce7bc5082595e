namespace WeChat.Api.Quotas;

/// <summary>WeChat's daily quotas reset at midnight in Beijing (UTC+8 all year: China keeps no daylight saving time).</summary>
public static class BeijingDay
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The next midnight in Beijing after <paramref name="instant"/>: when today's quotas reset.</summary>
    public static DateTimeOffset NextMidnight(DateTimeOffset instant) =>
        new(Of(instant).AddDays(1).ToDateTime(TimeOnly.MinValue), Offset);
}
