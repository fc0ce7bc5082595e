using Gateway.Access;
using Gateway.Hosting;
using WeChat;

namespace Gateway.TokenApi;

/// <summary>
/// The one <c>/api/components/{componentAppId}</c> group every business route hangs off. Authorization runs first (a
/// known key, then the route's scope policy and the client's platforms), so a refusal reveals nothing; then the
/// client's rate limit; then the platform must be one this deployment serves (the one 404 problem), and an authorizer
/// appid in the route must look like one WeChat issues (a 400 problem), before any grain or WeChat hears of it.
/// A <see cref="PlatformException"/> from any route becomes its problem in <see cref="PlatformProblemHandler"/>.
/// </summary>
internal static class ComponentApiGroup
{
    public static RouteGroupBuilder MapComponentApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/components/{componentAppId}").RequireAuthorization(ApiAccessHosting.AnyScope);

        // The limiter costs every request a partition lookup: only a deployment with a limited client pays it.
        if (routes.ServiceProvider.GetRequiredService<ClientRegistry>().AnyLimited)
        {
            api.RequireRateLimiting(ApiAccessHosting.PerClientLimit);
        }

        return api.RequireKnownPlatform((_, componentAppId) => PlatformProblems.UnknownComponent(componentAppId)).AddEndpointFilter<AuthorizerAppIdFilter>();
    }
}

/// <summary>Answers a 400 problem for an authorizer appid in the route that WeChat could not have issued.</summary>
internal sealed class AuthorizerAppIdFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.GetRouteValue("authorizerAppId") is not string authorizerAppId || AppIds.IsWellFormed(authorizerAppId)
            ? await next(context)
            : PlatformProblems.Coded(StatusCodes.Status400BadRequest, "invalid_appid", "Invalid authorizer appid", AppIds.Rule);
}
