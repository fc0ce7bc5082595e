namespace Grains.Interfaces;

/// <summary>What an operator or business service may know of an authorizer: never a token.</summary>
[GenerateSerializer, Immutable, Alias("Grains.AuthorizerSummary")]
public sealed record AuthorizerSummary(
    [property: Id(0)] string ComponentAppId,
    [property: Id(1)] string AuthorizerAppId,
    [property: Id(2)] AuthorizerStatus Status,
    [property: Id(3)] DateTimeOffset? TokenExpiresAt,
    [property: Id(4)] IReadOnlyList<int> PermissionSets,
    [property: Id(5)] AccountProfile? Profile,
    [property: Id(6)] string? LastProblem,
    [property: Id(7)] DateTimeOffset? QuotaBackoffUntil);
