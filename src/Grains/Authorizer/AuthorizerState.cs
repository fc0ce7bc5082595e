using Grains.Storage;

namespace Grains.Authorizer;

/// <summary>One authorized account's tokens. The refresh token is the one thing that must never be lost.</summary>
[GenerateSerializer]
public sealed class AuthorizerState : ITokenState
{
    /// <summary>False until the first grant or restore: a grain for an account that never authorized stays empty.</summary>
    [Id(0)]
    public bool Known { get; set; }

    [Id(1)]
    public AuthorizerStatus Status { get; set; }

    [Id(2), Secret]
    public string? RefreshToken { get; set; }

    [Id(3), Secret]
    public string? AccessToken { get; set; }

    [Id(4)]
    public DateTimeOffset AccessTokenExpiresAt { get; set; }

    [Id(5)]
    public DateTimeOffset AccessTokenObtainedAt { get; set; }

    [Id(6)]
    public List<int> PermissionSets { get; set; } = [];

    [Id(7)]
    public AccountProfile? Profile { get; set; }

    [Id(8)]
    public DateTimeOffset? AuthorizedAt { get; set; }

    [Id(9)]
    public DateTimeOffset? RevokedAt { get; set; }

    [Id(10)]
    public string? LastProblem { get; set; }

    [Id(11)]
    public DateTimeOffset? QuotaBackoffUntil { get; set; }

    /// <summary>The JS-SDK jsapi_ticket, obtained with the access token once a caller asked for it.</summary>
    [Id(12), Secret]
    public string? JsApiTicket { get; set; }

    [Id(13)]
    public DateTimeOffset JsApiTicketExpiresAt { get; set; }

    /// <summary>When listing's fields last changed: the authorizer index keeps the newest write of each account.</summary>
    [Id(14)]
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>
    /// Changes of the authorization for the platform's webhook, written in the same write as the change itself and
    /// kept until the account's outbox holds them; null when there are none, as almost always.
    /// </summary>
    [Id(15)]
    public List<AuthorizationChange>? OutgoingChanges { get; set; }

    /// <summary>The wx_card api_ticket, obtained with the access token once a caller asked for it.</summary>
    [Id(16), Secret]
    public string? CardTicket { get; set; }

    [Id(17)]
    public DateTimeOffset CardTicketExpiresAt { get; set; }

    [Id(18)]
    public bool ReplacesRejectedToken { get; set; }

    /// <summary>
    /// The refresh an activation claimed before asking WeChat, until its token is stored (or WeChat refused): while it
    /// is younger than <c>Tokens:RefreshClaimLifetime</c> no other activation begins one; older and still here, its
    /// answer was lost with its silo. Null when no refresh is under way, as almost always.
    /// </summary>
    [Id(19)]
    public DateTimeOffset? RefreshStartedAt { get; set; }

    [Id(20)]
    public Guid? RefreshClaim { get; set; }
}
