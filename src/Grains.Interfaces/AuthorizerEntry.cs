namespace Grains.Interfaces;

/// <summary>
/// One account as the platform's authorizer index holds it: what listing and the status page show, never a token.
/// Written by the account's own grain whenever one of these fields changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grains.AuthorizerEntry")]
public sealed record AuthorizerEntry(
    [property: Id(0)] string ComponentAppId,
    [property: Id(1)] string AuthorizerAppId,
    [property: Id(2)] AuthorizerStatus Status,
    [property: Id(3)] IReadOnlyList<int> PermissionSets,
    [property: Id(4)] DateTimeOffset? TokenExpiresAt,
    [property: Id(5)] string? NickName,
    [property: Id(6)] string? UserName,
    [property: Id(7)] bool? IsMiniProgram,
    [property: Id(8)] string? LastProblem,
    [property: Id(9)] DateTimeOffset? AuthorizedAt,
    [property: Id(10)] DateTimeOffset UpdatedAt);
