using WeChat.Api.Quotas;

namespace Gateway.Quotas;

/// <summary>
/// A route under <c>.../authorizers/{authorizerAppId}</c> acts for that account: every WeChat call its handler makes
/// (the proxy, OAuth, mini-program login, the quota routes) is counted for it and refused after its 45009.
/// Runs after the appid's shape is checked.
/// </summary>
internal sealed class AccountScopeEndpointFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.GetRouteValue("authorizerAppId") is not string authorizerAppId
            || context.HttpContext.GetRouteValue("componentAppId") is not string componentAppId)
        {
            return await next(context);
        }

        using (WeChatAccountScope.Enter(new WeChatAccount(componentAppId, authorizerAppId)))
        {
            return await next(context);
        }
    }
}
