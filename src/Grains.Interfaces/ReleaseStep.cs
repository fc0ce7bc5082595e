namespace Grains.Interfaces;

/// <summary>The code a campaign commits to one mini program: <see cref="ExtJson"/> already has the account's appid in it.</summary>
[GenerateSerializer, Immutable]
public sealed record ReleaseCommit(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] long TemplateId,
    [property: Id(2)] string ExtJson,
    [property: Id(3)] string UserVersion,
    [property: Id(4)] string UserDesc);

/// <summary>How a step for one mini program ended, and what the campaign does next with the account.</summary>
public enum ReleaseStepStatus
{
    /// <summary>Done now, or earlier for this campaign (a repeat answers what was recorded and calls WeChat no more).</summary>
    Done,

    /// <summary>Not done, try this account again after <see cref="ReleaseStepResult.RetryAfter"/> (61039, system busy, 45009 until the quota resets).</summary>
    RetryLater,

    /// <summary>Not done, and the platform must stop this step for every account for now (85085: too many audits).</summary>
    StopWave,

    /// <summary>The account fails in this campaign, with WeChat's errcode and the reason.</summary>
    Failed,
}

[GenerateSerializer, Immutable]
public sealed record ReleaseStepResult(
    [property: Id(0)] ReleaseStepStatus Status,
    [property: Id(1)] MiniProgramRelease Release,
    [property: Id(2)] int? ErrorCode,
    [property: Id(3)] string? Reason,
    [property: Id(4)] TimeSpan? RetryAfter);

/// <summary>An audit result WeChat pushed to the account's message URL.</summary>
public enum AuditOutcome
{
    Approved,
    Rejected,
    Delayed,
}

[GenerateSerializer, Immutable]
public sealed record AuditVerdict(
    [property: Id(0)] AuditOutcome Outcome,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string? ScreenShot);
