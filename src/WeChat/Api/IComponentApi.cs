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

    Task<JsApiTicketResponse> GetJsApiTicketAsync(string authorizerToken, CancellationToken cancellationToken = default);
}
