using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeChat.Api;
using WeChat.Options;

namespace Gateway.Acting;

/// <summary>
/// Web-page OAuth for an official account (代公众号发起网页授权): the link that sends a user to WeChat, and the code
/// exchange and refresh, both made with the platform's component token. The user's tokens pass through to the
/// business service; they are not kept or logged here.
/// </summary>
internal static class OAuthEndpoints
{
    public static void MapOAuth(this RouteGroupBuilder account)
    {
        var oauth = account.MapGroup("/oauth");

        oauth.MapGet("/authorize-url", async Task<Ok<AuthorizeUrlAnswer>> (
                string componentAppId, string authorizerAppId, [AsParameters] AuthorizeUrlRequest query, AuthorizedAccounts accounts, IOptions<WeChatOptions> options) =>
            {
                await accounts.RequireAsync(componentAppId, authorizerAppId, miniProgram: false);
                var request = new OAuthRequest(componentAppId, authorizerAppId, query.RedirectUri!, query.Scope ?? OAuthScopes.Base, query.State);
                return TypedResults.Ok(new AuthorizeUrlAnswer(OAuthLinks.ForOfficialAccount(options.Value.MobilePortalBaseUrl, request)));
            })
            .WithSummary("The link that sends a user inside WeChat to the official account's web-page authorization");

        oauth.MapPost("/token", (string componentAppId, string authorizerAppId, [FromBody] OAuthCodeRequest request, OAuthCaller caller) =>
                caller.UserTokensAsync(componentAppId, authorizerAppId, request.Code,
                    (wechat, token, code) => wechat.ExchangeOAuthCodeAsync(token, componentAppId, authorizerAppId, code)))
            .WithSummary("Exchanges a web-page authorization code for the user's openid and tokens");

        oauth.MapPost("/refresh", (string componentAppId, string authorizerAppId, [FromBody] OAuthRefreshRequest request, OAuthCaller caller) =>
                caller.UserTokensAsync(componentAppId, authorizerAppId, request.RefreshToken,
                    (wechat, token, refreshToken) => wechat.RefreshOAuthTokenAsync(token, componentAppId, authorizerAppId, refreshToken)))
            .WithSummary("Refreshes a user's web-page authorization token");
    }
}
