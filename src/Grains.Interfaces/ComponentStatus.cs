namespace Grains.Interfaces;

/// <summary>An operator's view of a platform: ticket age and token time left (never the values), the latest authorizations.</summary>
[GenerateSerializer, Immutable, Alias("Grains.ComponentStatus")]
public sealed record ComponentStatus(
    [property: Id(0)] string ComponentAppId,
    [property: Id(1)] DateTimeOffset? TicketReceivedAt,
    [property: Id(2)] DateTimeOffset? TokenExpiresAt,
    [property: Id(3)] string? LastProblem,
    [property: Id(4)] ReconciliationResult? LastReconciliation,
    [property: Id(5)] IReadOnlyList<RecentAuthorization> RecentAuthorizations);
