using Gateway.Hosting;
using WeChat;
using WeChat.Api.Quotas;

namespace Gateway.TokenApi;

/// <summary>
/// What every business route checks before its handler runs, in one step on the hottest path: the platform must be
/// one this deployment serves (the one 404 problem), and an authorizer appid in the route must look like one WeChat
/// issues (a 400 problem). A route under <c>.../authorizers/{authorizerAppId}</c> then acts for that account: every
/// WeChat call its handler makes (the proxy, OAuth, mini-program login, the quota routes) is counted for it and refused
/// after its 45009.
/// </summary>
internal sealed class ComponentApiFilter(ComponentDirectory components) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!components.ServesRoute(http, out var componentAppId))
        {
            return ValueTask.FromResult<object?>(PlatformProblems.UnknownComponent(componentAppId));
        }

        if (http.GetRouteValue("authorizerAppId") is not string authorizerAppId)
        {
            return next(context);
        }

        return AppIds.IsWellFormed(authorizerAppId)
            ? ActingForAsync(new WeChatAccount(componentAppId, authorizerAppId), context, next)
            : ValueTask.FromResult<object?>(PlatformProblems.Coded(StatusCodes.Status400BadRequest, "invalid_appid", "Invalid authorizer appid", AppIds.Rule));
    }

    private static async ValueTask<object?> ActingForAsync(WeChatAccount account, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        using (WeChatAccountScope.Enter(account))
        {
            return await next(context);
        }
    }
}
