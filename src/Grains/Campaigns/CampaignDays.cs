namespace Grains.Campaigns;

/// <summary>WeChat's days (quotas reset at midnight Beijing time), as the campaign store counts audits.</summary>
public static class CampaignDays
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Beijing).DateTime);

    /// <summary>The next midnight in Beijing after <paramref name="instant"/>.</summary>
    public static DateTimeOffset NextMidnight(DateTimeOffset instant) =>
        new DateTimeOffset(Of(instant).AddDays(1).ToDateTime(TimeOnly.MinValue), Beijing).ToUniversalTime();
}
