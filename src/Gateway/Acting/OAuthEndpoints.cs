using Microsoft.AspNetCore.Http.HttpResults;
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

        oauth.MapGet("/authorize-url", async Task<Results<Ok<AuthorizeUrlAnswer>, ProblemHttpResult>> (
                string componentAppId, string authorizerAppId, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "redirect_uri")] string? redirectUri,
                string? scope, string? state, AuthorizedAccounts accounts, IOptions<WeChatOptions> options) =>
            {
                if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
                {
                    return TypedResults.Problem(statusCode: 400, title: "redirect_uri is required", detail: "redirect_uri must be an absolute http(s) URL on the platform's web-page domain.");
                }

                await accounts.RequireAsync(componentAppId, authorizerAppId, miniProgram: false);
                try
                {
                    var request = new OAuthRequest(componentAppId, authorizerAppId, redirectUri!, scope ?? OAuthScopes.Base, state);
                    return TypedResults.Ok(new AuthorizeUrlAnswer(OAuthLinks.ForOfficialAccount(options.Value.MobilePortalBaseUrl, request)));
                }
                catch (ArgumentException ex)
                {
                    return TypedResults.Problem(statusCode: 400, title: "Invalid authorization request", detail: ex.Message.Split(" (Parameter", 2)[0]);
                }
            })
            .WithSummary("The link that sends a user inside WeChat to the official account's web-page authorization");

        oauth.MapPost("/token", (string componentAppId, string authorizerAppId, OAuthCodeRequest? request, OAuthCaller caller) =>
                caller.UserTokensAsync(componentAppId, authorizerAppId, request?.Code, "code", "the code WeChat put on the redirect_uri",
                    (wechat, token, code) => wechat.ExchangeOAuthCodeAsync(token, componentAppId, authorizerAppId, code)))
            .WithSummary("Exchanges a web-page authorization code for the user's openid and tokens");

        oauth.MapPost("/refresh", (string componentAppId, string authorizerAppId, OAuthRefreshRequest? request, OAuthCaller caller) =>
                caller.UserTokensAsync(componentAppId, authorizerAppId, request?.RefreshToken, "refresh_token", "the user's refresh token",
                    (wechat, token, refreshToken) => wechat.RefreshOAuthTokenAsync(token, componentAppId, authorizerAppId, refreshToken)))
            .WithSummary("Refreshes a user's web-page authorization token");
    }
}
