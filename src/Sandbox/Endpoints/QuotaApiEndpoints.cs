using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>clear_quota (with a token), clear_quota/v2 (with the secret) and openapi/quota/get (docs/wechat-protocol.md §3.10).</summary>
internal static class QuotaApiEndpoints
{
    public const string ClearQuota = "cgi-bin/clear_quota";
    public const string ClearQuotaV2 = "cgi-bin/component/clear_quota/v2";
    public const string GetQuota = "cgi-bin/openapi/quota/get";

    public static void MapQuotaApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", ClearQuota, ClearWithToken);
        routes.MapWeChatApi("POST", ClearQuotaV2, ClearWithSecret);
        routes.MapWeChatApi("POST", GetQuota, Get);
    }

    // The component token resets the platform's own quotas, an authorizer token its account's; nothing else (40013).
    private static object ClearWithToken(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireComponentOrAuthorizerToken();
        var appId = call.RequiredText("appid");
        if (appId != (token.AuthorizerAppId ?? token.ComponentAppId))
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidAppId);
        }

        return Clear(world, appId);
    }

    private static object ClearWithSecret(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        if (call.RequiredText("appsecret", 41004) != component.AppSecret)
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidAppSecret);
        }

        var appId = call.Text("appid") is { Length: > 0 } given ? given : component.AppId;
        if (appId != component.AppId && world.Authorizations.Find(component.AppId, appId) is not { Active: true })
        {
            throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
        }

        call.AuthorizerAppId = appId == component.AppId ? null : appId;
        return Clear(world, appId);
    }

    private static object Clear(SandboxWorld world, string appId) =>
        world.Quotas.TryClear(appId) ? ApiPipeline.Ok() : throw new SandboxApiError(WeChatErrorCodes.ClearQuotaLimitReached);

    private static object Get(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireComponentOrAuthorizerToken();
        var path = call.RequiredText("cgi_path").TrimStart('/');
        if (!IsServed(call.Http, path))
        {
            throw new SandboxApiError(SandboxErrorCodes.CgiPathNotFound);
        }

        // An account's token sees its own APIs, not the platform's component APIs.
        if (token.Kind == TokenKind.Authorizer && path.StartsWith("cgi-bin/component/", StringComparison.Ordinal))
        {
            throw new SandboxApiError(SandboxErrorCodes.CgiPathNotPermitted);
        }

        var (limit, used) = world.Quotas.Usage(token.AuthorizerAppId ?? token.ComponentAppId, path);
        var answer = ApiPipeline.Ok();
        answer["quota"] = new JsonObject { ["daily_limit"] = limit, ["used"] = used, ["remain"] = limit - used };
        return answer;
    }

    private static bool IsServed(HttpContext http, string path) =>
        http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Any(e => string.Equals(e.RoutePattern.RawText?.TrimStart('/'), path, StringComparison.Ordinal));
}
