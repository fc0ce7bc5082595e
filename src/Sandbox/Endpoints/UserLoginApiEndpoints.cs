using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>
/// The sns APIs a platform calls, with its component_access_token, to sign in the users of its accounts: web-page OAuth
/// for official accounts (docs/wechat-protocol.md §3.11) and wx.login for mini programs (§3.12).
/// </summary>
internal static class UserLoginApiEndpoints
{
    public static void MapUserLoginApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("GET", ComponentApis.OAuthAccessToken, ExchangeOAuthCode);
        routes.MapWeChatApi("GET", ComponentApis.OAuthRefreshToken, RefreshOAuthToken);
        routes.MapWeChatApi("GET", ComponentApis.JsCodeToSession, JsCodeToSession, errorCodeAsText: true);
    }

    private static object ExchangeOAuthCode(ApiCall call, SandboxWorld world)
    {
        var (component, account) = AuthorizedAccount(call, world, "authorization_code");
        var (code, error) = world.UserCodes.Consume(UserCodeKind.OAuth, component.AppId, account.AppId, call.Query("code"));
        if (code is null)
        {
            throw new SandboxApiError(error);
        }

        return OAuthTokens(world, account, world.OAuthGrants.Grant(component.AppId, account.AppId, code.User, code.Scope!));
    }

    private static object RefreshOAuthToken(ApiCall call, SandboxWorld world)
    {
        var (component, account) = AuthorizedAccount(call, world, "refresh_token");
        var (grant, error) = world.OAuthGrants.Find(component.AppId, account.AppId, call.Query("refresh_token"));
        return OAuthTokens(world, account, grant ?? throw new SandboxApiError(error));
    }

    // Only mini programs call wx.login, so no js_code exists for an official account: it gets 40029 like any unknown code.
    private static object JsCodeToSession(ApiCall call, SandboxWorld world)
    {
        var (component, account) = AuthorizedAccount(call, world, "authorization_code");
        var (code, error) = world.UserCodes.Consume(UserCodeKind.JsCode, component.AppId, account.AppId, call.Query("js_code"));
        if (code is null)
        {
            throw new SandboxApiError(error);
        }

        var session = new JsonObject
        {
            ["openid"] = world.Users.OpenId(code.User, account.AppId),
            ["session_key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
        };
        if (world.Users.UnionId(code.User, account) is { } unionId)
        {
            session["unionid"] = unionId;
        }

        return session;
    }

    /// <summary>
    /// The checks every sns API of a platform makes, in order: the platform (40013, 61004, 45009), its token (an authorizer
    /// token gets 48001, as reported for these APIs), the grant_type (40002), and that the account authorizes it (61003).
    /// </summary>
    private static (SandboxComponent Component, SandboxAccount Account) AuthorizedAccount(ApiCall call, SandboxWorld world, string grantType)
    {
        var component = call.QueryComponent();
        call.RequireComponentToken(component, WeChatErrorCodes.ApiUnauthorized);
        if (call.Query("grant_type") != grantType)
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidGrantType);
        }

        var appId = call.Query("appid");
        call.AuthorizerAppId = appId;
        var account = world.FindAccount(appId);
        if (account is null || world.Authorizations.Find(component.AppId, account.AppId) is not { Active: true })
        {
            throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
        }

        return (component, account);
    }

    private static JsonObject OAuthTokens(SandboxWorld world, SandboxAccount account, OAuthGrant grant)
    {
        var tokens = new JsonObject
        {
            ["access_token"] = OAuthGrantBook.NewAccessToken(),
            ["expires_in"] = (int)world.Options.OAuthAccessTokenLifetime.TotalSeconds,
            ["refresh_token"] = grant.RefreshToken,
            ["openid"] = world.Users.OpenId(grant.User, account.AppId),
            ["scope"] = grant.Scope,
        };
        if (world.Users.UnionId(grant.User, account) is { } unionId)
        {
            tokens["unionid"] = unionId;
        }

        return tokens;
    }
}
