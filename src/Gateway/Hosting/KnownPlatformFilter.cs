namespace Gateway.Hosting;

/// <summary>
/// The one check, before any handler of a <c>/{componentAppId}</c> route group runs, that the platform is one this
/// deployment serves. Each group answers an unknown platform in its own shape: WeChat's callbacks and the
/// authorization pages with a page, the business API with its 404 problem.
/// </summary>
internal static class KnownPlatformFilter
{
    public static RouteGroupBuilder RequireKnownPlatform(this RouteGroupBuilder group, Func<HttpContext, string, IResult> unknown) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var componentAppId = context.HttpContext.GetRouteValue("componentAppId") as string ?? "";
            return context.HttpContext.RequestServices.GetRequiredService<ComponentDirectory>().TryGet(componentAppId, out _)
                ? await next(context)
                : unknown(context.HttpContext, componentAppId);
        });
}
