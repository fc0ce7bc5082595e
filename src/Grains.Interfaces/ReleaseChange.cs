namespace Grains.Interfaces;

/// <summary>
/// One stage change of a mini program's release on its way to the platform's webhook (<c>type</c> <c>release</c>).
/// <see cref="Id"/> is the delivery's id on every attempt; <see cref="CampaignId"/> is null for a change outside any
/// campaign (an audit event for code the platform did not submit).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReleaseChange(
    [property: Id(0)] string Id,
    [property: Id(1)] string? CampaignId,
    [property: Id(2)] ReleaseStage Stage,
    [property: Id(3)] int? ErrorCode,
    [property: Id(4)] string? Reason,
    [property: Id(5)] DateTimeOffset OccurredAt);
