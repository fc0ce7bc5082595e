namespace Grains;

public enum AuthorizerStatus
{
    /// <summary>Authorized: tokens are kept fresh.</summary>
    Authorized,

    /// <summary>The account revoked the authorization (unauthorized event); nothing is refreshed.</summary>
    Unauthorized,

    /// <summary>WeChat refused the refresh token (61023); the merchant must authorize again.</summary>
    ReauthorizationRequired,
}

/// <summary>What an operator or business service may know of an authorizer: never a token.</summary>
[GenerateSerializer, Immutable]
public sealed record AuthorizerSummary(
    [property: Id(0)] string ComponentAppId,
    [property: Id(1)] string AuthorizerAppId,
    [property: Id(2)] AuthorizerStatus Status,
    [property: Id(3)] DateTimeOffset? TokenExpiresAt,
    [property: Id(4)] IReadOnlyList<int> PermissionSets,
    [property: Id(5)] AccountProfile? Profile,
    [property: Id(6)] string? LastProblem,
    [property: Id(7)] DateTimeOffset? QuotaBackoffUntil);

/// <summary>The account's basic info from api_get_authorizer_info.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountProfile(
    [property: Id(0)] string? NickName,
    [property: Id(1)] string? UserName,
    [property: Id(2)] string? PrincipalName,
    [property: Id(3)] bool IsMiniProgram,
    [property: Id(4)] string? HeadImage);
