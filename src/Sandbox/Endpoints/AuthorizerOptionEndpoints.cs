using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>
/// Authorizer options (docs/wechat-protocol.md §3.9): the legacy api_get/api_set_authorizer_option with the component
/// token, and the current get/set_authorizer_option, which accept either token since WeChat's pages disagree.
/// </summary>
internal static class AuthorizerOptionEndpoints
{
    public static void MapAuthorizerOptionApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", "cgi-bin/component/api_get_authorizer_option", (call, world) => Get(call, world, LegacyAuthorizer(call, world)));
        routes.MapWeChatApi("POST", "cgi-bin/component/api_set_authorizer_option", (call, world) => Set(call, world, LegacyAuthorizer(call, world)));
        routes.MapWeChatApi("POST", "cgi-bin/component/get_authorizer_option", (call, world) => Get(call, world, CurrentAuthorizer(call, world)));
        routes.MapWeChatApi("POST", "cgi-bin/component/set_authorizer_option", (call, world) => Set(call, world, CurrentAuthorizer(call, world)));
    }

    private static JsonObject Get(ApiCall call, SandboxWorld world, (string Component, string Authorizer) who)
    {
        var name = OptionName(call);
        return new JsonObject
        {
            ["authorizer_appid"] = who.Authorizer,
            ["option_name"] = name,
            ["option_value"] = world.AuthorizerOptions.Get(who.Component, who.Authorizer, name),
        };
    }

    private static JsonObject Set(ApiCall call, SandboxWorld world, (string Component, string Authorizer) who)
    {
        var name = OptionName(call);
        var value = call.Text("option_value");
        if (value is null || !AuthorizerOptionBook.Values[name].Contains(value))
        {
            throw new SandboxApiError(SandboxErrorCodes.InvalidOptionValue);
        }

        world.AuthorizerOptions.Set(who.Component, who.Authorizer, name, value);
        return ApiPipeline.Ok();
    }

    private static string OptionName(ApiCall call) =>
        call.Text("option_name") is { } name && AuthorizerOptionBook.Values.ContainsKey(name)
            ? name
            : throw new SandboxApiError(SandboxErrorCodes.InvalidOptionName);

    private static (string, string) LegacyAuthorizer(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        call.RequireComponentToken(component);
        return Authorized(call, world, component.AppId, call.RequiredText("authorizer_appid"));
    }

    private static (string, string) CurrentAuthorizer(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireComponentOrAuthorizerToken();
        return Authorized(call, world, token.ComponentAppId, token.AuthorizerAppId ?? call.RequiredText("authorizer_appid"));
    }

    private static (string, string) Authorized(ApiCall call, SandboxWorld world, string componentAppId, string authorizerAppId)
    {
        call.AuthorizerAppId = authorizerAppId;
        return world.Authorizations.Find(componentAppId, authorizerAppId) is { Active: true }
            ? (componentAppId, authorizerAppId)
            : throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
    }
}
