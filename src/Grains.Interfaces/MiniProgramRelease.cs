namespace Grains.Interfaces;

/// <summary>
/// A mini program's release state, from the platform's own calls and WeChat's audit events. <see cref="Stage"/> is
/// <see cref="ReleaseStage.Failed"/> while a step failed for good; <see cref="CodeStage"/> is where the code stands at
/// WeChat all the same (approved, released…), and <see cref="FailedStep"/> the step a retry repeats.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MiniProgramRelease(
    [property: Id(0)] string ComponentAppId,
    [property: Id(1)] string AuthorizerAppId,
    [property: Id(2)] long? TemplateId,
    [property: Id(3)] string? UserVersion,
    [property: Id(4)] ReleaseStage Stage,
    [property: Id(5)] long? AuditId,
    [property: Id(6)] string? Reason,
    [property: Id(7)] int? ErrorCode,
    [property: Id(8)] string? CampaignId,
    [property: Id(9)] DateTimeOffset? UpdatedAt,
    [property: Id(10)] ReleaseStage CodeStage = ReleaseStage.None,
    [property: Id(11)] string? FailedStep = null);
