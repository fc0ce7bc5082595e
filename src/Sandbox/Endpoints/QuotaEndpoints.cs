using System.Text.Json.Nodes;
using Sandbox.State;
using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>
/// Quota inspection and reset (§3.10): clear_quota with an access token, clear_quota/v2 with the platform's secret,
/// both out of one budget of ten a month per account, and neither resetting the token fetch.
/// </summary>
internal static class QuotaEndpoints
{
    public static void MapQuotaApis(this IEndpointRouteBuilder routes)
    {
        routes.MapWeChatApi("POST", SandboxApis.ClearQuota, ClearWithToken);
        routes.MapWeChatApi("POST", SandboxApis.ClearQuotaV2, ClearWithSecret);
        routes.MapWeChatApi("POST", SandboxApis.GetQuota, GetQuota);
    }

    private static object ClearWithToken(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireAnyToken();
        var owner = token.AuthorizerAppId ?? token.ComponentAppId;
        if (call.RequiredText("appid", WeChatErrorCodes.InvalidAppId) != owner)
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidAppId);
        }

        return Clear(world, owner);
    }

    private static object ClearWithSecret(ApiCall call, SandboxWorld world)
    {
        var component = call.Component();
        if (call.RequiredText("appsecret", 41004) != component.AppSecret)
        {
            throw new SandboxApiError(WeChatErrorCodes.InvalidAppSecret);
        }

        var appId = call.Text("appid") is { Length: > 0 } given ? given : component.AppId;
        if (appId != component.AppId)
        {
            call.AuthorizerAppId = appId;
            if (world.FindAccount(appId) is null)
            {
                throw new SandboxApiError(WeChatErrorCodes.InvalidAppId);
            }

            if (world.Authorizations.Find(component.AppId, appId) is not { Active: true })
            {
                throw new SandboxApiError(WeChatErrorCodes.ComponentNotAuthorized);
            }
        }

        return Clear(world, appId);
    }

    private static object GetQuota(ApiCall call, SandboxWorld world)
    {
        var token = call.RequireAnyToken();
        var path = call.RequiredText("cgi_path").TrimStart('/');
        if (!world.Options.DailyQuotas.ContainsKey(path))
        {
            throw new SandboxApiError(SandboxErrorCodes.CgiPathNotFound);
        }

        var authorizerPath = DailyQuota.PerAuthorizer.Contains(path);
        if (authorizerPath != (token.Kind == TokenKind.Authorizer))
        {
            throw new SandboxApiError(SandboxErrorCodes.CgiPathNoPermission);
        }

        var usage = world.Quotas.Usage(token.AuthorizerAppId ?? token.ComponentAppId, path);
        var answer = ApiPipeline.Ok();
        answer["quota"] = new JsonObject { ["daily_limit"] = usage.DailyLimit, ["used"] = usage.Used, ["remain"] = usage.Remaining };
        return answer;
    }

    private static JsonObject Clear(SandboxWorld world, string appId) =>
        world.Quotas.TryClear(appId) ? ApiPipeline.Ok() : throw new SandboxApiError(WeChatErrorCodes.ClearQuotaLimitReached);
}
