using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>The component APIs of docs/wechat-protocol.md §3, with WeChat's validation and error codes (§4.1, §7).</summary>
internal static class ComponentApiEndpoints
{
    public static void MapComponentApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", ComponentApis.ComponentToken, ComponentToken);
        routes.MapWeChatApi("POST", ComponentApis.StartPushTicket, StartPushTicket);
        routes.MapWeChatApi("POST", ComponentApis.CreatePreAuthCode, CreatePreAuthCode);
        routes.MapWeChatApi("POST", ComponentApis.QueryAuth, QueryAuth);
        routes.MapWeChatApi("POST", ComponentApis.AuthorizerToken, AuthorizerToken);
        routes.MapWeChatApi("POST", ComponentApis.GetAuthorizerInfo, GetAuthorizerInfo);
        routes.MapWeChatApi("POST", ComponentApis.GetAuthorizerList, GetAuthorizerList);
    }

    private static object ComponentToken(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
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

        // WeChat hands out tokens only to an authorization that granted at least one API permission set.
        if (authorization.PermissionSets.Count > 0)
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
        var component = call.Component(chargedAccount: "authorizer_appid");
        call.RequireComponentToken(component);
        var authorizerAppId = call.RequiredText("authorizer_appid");
        call.AuthorizerAppId = authorizerAppId;

        // As WeChat answers once the account revoked the platform, whatever refresh token comes with the call.
        if (world.Authorizations.Find(component.AppId, authorizerAppId) is { Active: false })
        {
            throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
        }

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

    private static object GetAuthorizerInfo(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.RequireComponentToken(component);
        var authorizerAppId = call.RequiredText("authorizer_appid");
        call.AuthorizerAppId = authorizerAppId;
        var account = world.FindAccount(authorizerAppId);
        var authorization = world.Authorizations.Find(component.AppId, authorizerAppId);
        if (account is null || authorization is not { Active: true })
        {
            throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
        }

        var info = new JsonObject
        {
            ["nick_name"] = account.NickName,
            ["head_img"] = $"http://wx.qlogo.cn/mmopen/{account.AppId}/0",
            ["service_type_info"] = new JsonObject { ["id"] = account.Kind == SandboxAccountKind.MiniProgram ? 0 : account.ServiceType },
            ["verify_type_info"] = new JsonObject { ["id"] = account.Verified ? 0 : -1 },
            ["user_name"] = account.UserName,
            ["principal_name"] = account.PrincipalName,
            ["alias"] = "",
            ["business_info"] = new JsonObject { ["open_store"] = 0, ["open_scan"] = 0, ["open_pay"] = 0, ["open_card"] = 0, ["open_shake"] = 0 },
            ["qrcode_url"] = $"http://mmbiz.qpic.cn/mmbiz_jpg/{account.AppId}/0",
            ["account_status"] = 1,
        };
        if (account.Kind == SandboxAccountKind.MiniProgram)
        {
            info["signature"] = $"{account.NickName} (sandbox mini program)";
            info["MiniProgramInfo"] = MiniProgramInfo(account);
            info["register_type"] = 0;
            info["basic_config"] = new JsonObject { ["isPhoneConfigured"] = true, ["isEmailConfigured"] = true };
        }

        return new JsonObject
        {
            ["authorizer_info"] = info,
            ["authorization_info"] = new JsonObject
            {
                ["authorizer_appid"] = authorizerAppId,
                ["authorizer_refresh_token"] = authorization.RefreshToken,
                ["func_info"] = FuncInfo(authorization),
            },
        };
    }

    private static object GetAuthorizerList(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.RequireComponentToken(component);
        var offset = call.Integer("offset") ?? 0;
        var count = call.Integer("count") ?? 0;
        if (offset < 0 || count is < 1 or > ComponentApis.AuthorizerListMaxPage)
        {
            throw new SandboxApiError(WeChatErrorCodes.DataFormatError);
        }

        var all = world.Authorizations.Active(component.AppId);
        var list = new JsonArray();
        foreach (var authorization in all.Skip(offset).Take(count))
        {
            var item = new JsonObject { ["authorizer_appid"] = authorization.AuthorizerAppId };
            if (authorization.Exchanged)
            {
                item["refresh_token"] = authorization.RefreshToken;
            }

            item["auth_time"] = authorization.AuthorizedAt.ToUnixTimeSeconds();
            list.Add(item);
        }

        return new JsonObject { ["total_count"] = all.Count, ["list"] = list };
    }

    private static JsonObject MiniProgramInfo(SandboxAccount account)
    {
        var host = $"https://{account.AppId}.sandbox.example";
        return new JsonObject
        {
            ["network"] = new JsonObject
            {
                ["RequestDomain"] = new JsonArray(host),
                ["WsRequestDomain"] = new JsonArray($"wss://{account.AppId}.sandbox.example"),
                ["UploadDomain"] = new JsonArray(host),
                ["DownloadDomain"] = new JsonArray(host),
                ["BizDomain"] = new JsonArray(),
                ["UDPDomain"] = new JsonArray(),
            },
            ["categories"] = new JsonArray(new JsonObject { ["first"] = "工具", ["second"] = "效率" }),
            ["visit_status"] = 0,
        };
    }

    private static JsonArray FuncInfo(Authorization authorization) =>
        new(authorization.PermissionSets
            .Select(id => (JsonNode)new JsonObject { ["funcscope_category"] = new JsonObject { ["id"] = id } })
            .ToArray());
}
