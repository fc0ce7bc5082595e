namespace Grains.Interfaces;

/// <summary>One authorized account of one platform, keyed <c>{componentAppId}/{authorizerAppId}</c>.</summary>
[Alias("Grains.IAuthorizerGrain")]
public interface IAuthorizerGrain : IGrainWithStringKey
{
    /// <summary>Stores a fresh grant from api_query_auth: refresh token first, then the access token.</summary>
    Task<AuthorizerSummary> AcceptGrantAsync(AuthorizerGrant grant);

    /// <summary>An authorizer_access_token valid for at least the configured minimum.</summary>
    Task<AccessToken> GetTokenAsync();

    /// <summary>A caller saw 40001/42001 with <paramref name="rejectedToken"/>: refresh only if it is still current.</summary>
    Task<AccessToken> RefreshIfCurrentAsync(string rejectedToken);

    Task RevokeAsync(DateTimeOffset revokedAt);

    /// <summary>Takes a refresh token recovered from WeChat when this grain has none (or a dead one).</summary>
    Task<bool> RestoreRefreshTokenAsync(string refreshToken);

    Task<AuthorizerSummary> GetSummaryAsync();

    /// <summary>A ticket (for JS-SDK signatures) valid for at least <c>Tokens:MinimumValidity</c>; kept fresh like the token once asked for.</summary>
    Task<AccountTicket> GetTicketAsync(AccountTicketKind kind);

    /// <summary>The account's summary while it authorizes the platform; otherwise the problem (unknown, revoked, must authorize again).</summary>
    Task<AuthorizerSummary> GetAuthorizedAsync();
}
