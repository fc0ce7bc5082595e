using Gateway.Access;

namespace Gateway.TokenApi;

/// <summary>
/// The one <c>/api/components/{componentAppId}</c> group every business route hangs off. Authorization runs first (a
/// known key, then the route's scope policy and the client's platforms), so a refusal reveals nothing; then the
/// client's rate limit; then <see cref="ComponentApiFilter"/>: the platform must be one this deployment serves and an
/// authorizer appid in the route must look like one WeChat issues, before any grain or WeChat hears of it.
/// A <see cref="Grains.PlatformException"/> from any route becomes its problem in <see cref="PlatformProblemHandler"/>.
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

        return api.AddEndpointFilter<ComponentApiFilter>();
    }
}
