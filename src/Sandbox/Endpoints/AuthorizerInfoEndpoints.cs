using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>What a platform may read and set about its authorizers (§3.7-3.9), with the component_access_token.</summary>
internal static class AuthorizerInfoEndpoints
{
    public static void MapAuthorizerInfoApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", ComponentApis.GetAuthorizerInfo, GetAuthorizerInfo);
        routes.MapWeChatApi("POST", ComponentApis.GetAuthorizerList, GetAuthorizerList);
        routes.MapWeChatApi("POST", SandboxApis.GetAuthorizerOption, GetOption);
        routes.MapWeChatApi("POST", SandboxApis.SetAuthorizerOption, SetOption);
    }

    private static object GetAuthorizerInfo(ApiCall call, SandboxWorld world)
    {
        var (component, account, authorization) = Authorizer(call, world);
        return new JsonObject
        {
            ["authorizer_info"] = AuthorizerProfile.Of(account),
            ["authorization_info"] = new JsonObject
            {
                ["authorizer_appid"] = account.AppId,
                ["authorizer_refresh_token"] = authorization.RefreshToken,
                ["func_info"] = ComponentApiEndpoints.FuncInfo(authorization),
            },
        };
    }

    private static object GetAuthorizerList(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.RequireComponentToken(component);
        call.UseQuota(component.AppId);
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
            if (authorization is { Exchanged: true, HasApiPermission: true })
            {
                item["refresh_token"] = authorization.RefreshToken;
            }

            item["auth_time"] = authorization.AuthorizedAt.ToUnixTimeSeconds();
            list.Add(item);
        }

        return new JsonObject { ["total_count"] = all.Count, ["list"] = list };
    }

    private static object GetOption(ApiCall call, SandboxWorld world)
    {
        var (component, account, _) = Authorizer(call, world);
        var name = call.Text("option_name");
        if (!AuthorizerOptions.IsName(name))
        {
            throw new SandboxApiError(SandboxErrorCodes.InvalidOptionName);
        }

        return new JsonObject
        {
            ["authorizer_appid"] = account.AppId,
            ["option_name"] = name,
            ["option_value"] = world.Authorizations.Option(component.AppId, account.AppId, name!),
        };
    }

    private static object SetOption(ApiCall call, SandboxWorld world)
    {
        var (component, account, _) = Authorizer(call, world);
        var name = call.Text("option_name");
        if (!AuthorizerOptions.IsName(name))
        {
            throw new SandboxApiError(SandboxErrorCodes.InvalidOptionName);
        }

        var value = call.Text("option_value");
        if (!AuthorizerOptions.IsValue(name!, value))
        {
            throw new SandboxApiError(SandboxErrorCodes.InvalidOptionValue);
        }

        world.Authorizations.SetOption(component.AppId, account.AppId, name!, value!);
        return ApiPipeline.Ok();
    }

    /// <summary>The platform, the account named by authorizer_appid and its active authorization, or 61003.</summary>
    private static (SandboxComponent Component, SandboxAccount Account, Authorization Authorization) Authorizer(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.RequireComponentToken(component);
        var authorizerAppId = call.RequiredText("authorizer_appid");
        call.AuthorizerAppId = authorizerAppId;
        call.UseQuota(authorizerAppId);
        var account = world.FindAccount(authorizerAppId);
        var authorization = world.Authorizations.Find(component.AppId, authorizerAppId);
        return account is not null && authorization is { Active: true }
            ? (component, account, authorization)
            : throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
    }
}
