namespace Grains.Interfaces;

/// <summary>A mini program's release state, from the platform's own calls and WeChat's audit events.</summary>
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
    [property: Id(9)] DateTimeOffset? UpdatedAt);
