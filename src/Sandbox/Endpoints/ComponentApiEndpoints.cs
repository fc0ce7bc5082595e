using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>The token and authorization APIs of ../shared/wechat-protocol.md §3.1-3.6, with WeChat's validation and codes.</summary>
internal static class ComponentApiEndpoints
{
    public static void MapComponentApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", ComponentApis.ComponentToken, ComponentToken);
        routes.MapWeChatApi("POST", ComponentApis.StartPushTicket, StartPushTicket);
        routes.MapWeChatApi("POST", ComponentApis.CreatePreAuthCode, CreatePreAuthCode);
        routes.MapWeChatApi("POST", ComponentApis.QueryAuth, QueryAuth);
        routes.MapWeChatApi("POST", ComponentApis.AuthorizerToken, AuthorizerToken);
    }

    private static object ComponentToken(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.UseQuota(component.AppId);
        var secret = call.RequiredText("component_appsecret", 41004);
        if (secret != component.AppSecret)
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidAppSecret);
        }

        if (world.Tickets.Check(component.AppId, call.Text("component_verify_ticket")) is var ticketError and not 0)
        {
            throw new SandboxApiError(ticketError);
        }

        var lifetime = world.Options.ComponentTokenLifetime;
        var token = world.Tokens.Issue(TokenKind.Component, component.AppId, null, lifetime);
        return new JsonObject
        {
            ["component_access_token"] = token.Value,
            ["expires_in"] = (int)lifetime.TotalSeconds,
        };
    }

    private static object StartPushTicket(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.UseQuota(component.AppId);
        if (call.RequiredText("component_secret", 41004) != component.AppSecret)
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidAppSecret);
        }

        world.PushInBackground("component_verify_ticket", ct => world.Pusher.PushTicketAsync(component, ct));
        return ApiPipeline.Ok();
    }

    private static object CreatePreAuthCode(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.RequireComponentToken(component);
        call.UseQuota(component.AppId);
        var code = world.Codes.CreatePreAuthCode(component.AppId);
        return new JsonObject
        {
            ["pre_auth_code"] = code.Value,
            ["expires_in"] = (int)world.Options.PreAuthCodeLifetime.TotalSeconds,
        };
    }

    private static object QueryAuth(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.RequireComponentToken(component);
        call.UseQuota(component.AppId);
        var (code, error) = world.Codes.ConsumeAuthorizationCode(component.AppId, call.Text("authorization_code"));
        if (code is null)
        {
            throw new SandboxApiError(error);
        }

        call.AuthorizerAppId = code.AuthorizerAppId;
        var authorization = world.Authorizations.Find(component.AppId, code.AuthorizerAppId);
        if (authorization is not { Active: true })
        {
            throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
        }

        world.Authorizations.MarkExchanged(authorization);
        var info = new JsonObject { ["authorizer_appid"] = code.AuthorizerAppId };

        // The tokens come back only when the account granted the platform some API permission (§3.5).
        if (authorization.HasApiPermission)
        {
            var lifetime = world.Options.AuthorizerTokenLifetime;
            info["authorizer_access_token"] = world.Tokens.Issue(TokenKind.Authorizer, component.AppId, code.AuthorizerAppId, lifetime).Value;
            info["expires_in"] = (int)lifetime.TotalSeconds;
            info["authorizer_refresh_token"] = authorization.RefreshToken;
        }

        info["func_info"] = FuncInfo(authorization);
        return new JsonObject { ["authorization_info"] = info };
    }

    private static object AuthorizerToken(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.RequireComponentToken(component);
        var authorizerAppId = call.RequiredText("authorizer_appid");
        call.AuthorizerAppId = authorizerAppId;
        call.UseQuota(authorizerAppId);
        var refreshToken = world.Authorizations.UseRefreshToken(component.AppId, authorizerAppId, call.Text("authorizer_refresh_token"))
            ?? throw new SandboxApiError(WeChatErrorCodes.RefreshTokenInvalid);

        var lifetime = world.Options.AuthorizerTokenLifetime;
        var token = world.Tokens.Issue(TokenKind.Authorizer, component.AppId, authorizerAppId, lifetime);
        return new JsonObject
        {
            ["authorizer_access_token"] = token.Value,
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["authorizer_refresh_token"] = refreshToken,
        };
    }

    public static JsonArray FuncInfo(Authorization authorization) =>
        new(authorization.PermissionSets
            .Select(id => (JsonNode)new JsonObject { ["funcscope_category"] = new JsonObject { ["id"] = id } })
            .ToArray());
}
