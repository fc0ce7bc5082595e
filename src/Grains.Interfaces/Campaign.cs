namespace Grains.Interfaces;

public enum CampaignStatus
{
    Running,
    Paused,
    Done,
    Cancelled,
}

/// <summary>What a running campaign waits for before its next step.</summary>
public enum CampaignWait
{
    /// <summary>No audit left this month (<c>wxa/queryquota</c>, 85085) or today (<c>audits_per_day</c>).</summary>
    AuditQuota,

    /// <summary>WeChat's daily quota of an API (45009) for the accounts due.</summary>
    ApiQuota,
}

/// <summary>
/// A campaign as the API shows it, with its accounts counted per stage. <see cref="IdempotencyKey"/> is the key the
/// platform started it with, if any, and <see cref="SpecSha256"/> the fingerprint of what it asked for then.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Campaign(
    [property: Id(0)] string Id,
    [property: Id(1)] string ComponentAppId,
    [property: Id(2)] CampaignSpec Spec,
    [property: Id(3)] CampaignStatus Status,
    [property: Id(4)] bool RollingBack,
    [property: Id(5)] bool Enrolled,
    [property: Id(6)] CampaignWait? WaitingFor,
    [property: Id(7)] DateTimeOffset? NextAttemptAt,
    [property: Id(8)] DateOnly? AuditDay,
    [property: Id(9)] int AuditsOnDay,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt,
    [property: Id(12)] IReadOnlyDictionary<ReleaseStage, long> Counts,
    [property: Id(13)] string? EnrolledAfter = null,
    [property: Id(14)] string? IdempotencyKey = null,
    [property: Id(15)] string? SpecSha256 = null)
{
    /// <summary>Audits this campaign submitted on <paramref name="day"/> (a Beijing date).</summary>
    public int AuditsOn(DateOnly day) => AuditDay == day ? AuditsOnDay : 0;
}

/// <summary>One mini program of a campaign: where it stands, and WeChat's error when it failed or waits.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignAccount(
    [property: Id(0)] string AuthorizerAppId,
    [property: Id(1)] ReleaseStage Stage,
    [property: Id(2)] int? ErrorCode,
    [property: Id(3)] string? Reason,
    [property: Id(4)] int Attempts,
    [property: Id(5)] DateTimeOffset? NextAttemptAt,
    [property: Id(6)] DateTimeOffset UpdatedAt);

/// <summary>A page of a platform's campaigns, sorted by id (ids sort by creation), and how many there are.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignPage(
    [property: Id(0)] IReadOnlyList<Campaign> Items,
    [property: Id(1)] long Total,
    [property: Id(2)] bool HasMore);

/// <summary>A page of a campaign's accounts, sorted by appid, and how many match the stage filter.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignAccountPage(
    [property: Id(0)] IReadOnlyList<CampaignAccount> Items,
    [property: Id(1)] long Total,
    [property: Id(2)] bool HasMore);
