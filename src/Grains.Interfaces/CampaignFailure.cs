namespace Grains.Interfaces;

/// <summary>
/// The accounts of a campaign that ended in <see cref="Stage"/> (<c>failed</c> or <c>audit_failed</c>) for one reason:
/// WeChat's errcode (null for a refusal before WeChat was called, or an audit's rejection) and the reason.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CampaignFailure(
    [property: Id(0)] ReleaseStage Stage,
    [property: Id(1)] int? ErrorCode,
    [property: Id(2)] string? Reason,
    [property: Id(3)] long Accounts);
