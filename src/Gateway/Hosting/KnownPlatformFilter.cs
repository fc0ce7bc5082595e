namespace Gateway.Hosting;

/// <summary>
/// The check, before any handler of WeChat's <c>/wechat/{componentAppId}</c> group runs (callbacks and authorization
/// pages), that the platform is one this deployment serves; an unknown one is answered with a page. The business API
/// makes the same check, answering its 404 problem, inside its one <c>TokenApi.ComponentApiFilter</c>.
/// </summary>
internal static class KnownPlatformFilter
{
    public static RouteGroupBuilder RequireKnownPlatform(this RouteGroupBuilder group, Func<HttpContext, string, IResult> unknown) =>
        group.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<ComponentDirectory>().ServesRoute(context.HttpContext, out var componentAppId)
                ? await next(context)
                : unknown(context.HttpContext, componentAppId));
}
