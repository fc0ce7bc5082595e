using WeChat.Api.Wire;

namespace WeChat.Api;

/// <summary>The WeChat server APIs a third-party platform calls for itself and for its authorizers.</summary>
public interface IComponentApi
{
    Task<ComponentTokenResponse> GetComponentTokenAsync(string componentAppId, string appSecret, string ticket, CancellationToken cancellationToken = default);

    Task StartPushTicketAsync(string componentAppId, string appSecret, CancellationToken cancellationToken = default);

    Task<PreAuthCodeResponse> CreatePreAuthCodeAsync(string componentToken, string componentAppId, CancellationToken cancellationToken = default);

    Task<QueryAuthResponse> QueryAuthAsync(string componentToken, string componentAppId, string authorizationCode, CancellationToken cancellationToken = default);

    Task<AuthorizerTokenResponse> RefreshAuthorizerTokenAsync(string componentToken, string componentAppId, string authorizerAppId, string refreshToken, CancellationToken cancellationToken = default);

    Task<AuthorizerInfoResponse> GetAuthorizerInfoAsync(string componentToken, string componentAppId, string authorizerAppId, CancellationToken cancellationToken = default);

    Task<AuthorizerListResponse> GetAuthorizerListAsync(string componentToken, string componentAppId, int offset, int count, CancellationToken cancellationToken = default);

    /// <summary>Every authorizer, page by page (500 per call).</summary>
    IAsyncEnumerable<AuthorizerListItem> ListAllAuthorizersAsync(string componentToken, string componentAppId, CancellationToken cancellationToken = default);

    Task SendCustomTextMessageAsync(string authorizerToken, string openId, string content, CancellationToken cancellationToken = default);

    /// <summary>A ticket of the account's <c>cgi-bin/ticket/getticket</c>: each type is its own ticket.</summary>
    Task<AccountTicketResponse> GetTicketAsync(string authorizerToken, AccountTicketType type, CancellationToken cancellationToken = default);

    /// <summary>Exchanges the code of an official account's web-page OAuth for the user's tokens (§3.11).</summary>
    Task<OAuthTokenResponse> ExchangeOAuthCodeAsync(string componentToken, string componentAppId, string authorizerAppId, string code, CancellationToken cancellationToken = default);

    /// <summary>A new OAuth access token for the user of <paramref name="refreshToken"/> (§3.11).</summary>
    Task<OAuthTokenResponse> RefreshOAuthTokenAsync(string componentToken, string componentAppId, string authorizerAppId, string refreshToken, CancellationToken cancellationToken = default);

    /// <summary>Exchanges a mini program's <c>wx.login</c> code for the user's session (§3.12).</summary>
    /// <summary>Resets the daily quotas of the account whose token this is (<c>cgi-bin/clear_quota</c>; 10 a month).</summary>
    Task ClearQuotaAsync(string authorizerToken, string authorizerAppId, CancellationToken cancellationToken = default);

    /// <summary>WeChat's count of today's calls of <paramref name="cgiPath"/> (<c>/wxa/…</c>) against the token's account.</summary>
    Task<ApiQuotaResponse> GetApiQuotaAsync(string token, string cgiPath, CancellationToken cancellationToken = default);

    Task<JsCodeSessionResponse> JsCodeToSessionAsync(string componentToken, string componentAppId, string authorizerAppId, string jsCode, CancellationToken cancellationToken = default);
}
