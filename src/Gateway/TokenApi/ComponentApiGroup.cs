using Gateway.Hosting;

namespace Gateway.TokenApi;

/// <summary>
/// The one <c>/api/components/{componentAppId}</c> group every business route hangs off: the bearer key is checked
/// first (so a refusal reveals nothing), then the platform must be one this deployment serves (the one 404 problem).
/// A <see cref="Grains.TokenUnavailableException"/> from any route becomes its problem in <see cref="TokenProblemHandler"/>.
/// </summary>
internal static class ComponentApiGroup
{
    public static RouteGroupBuilder MapComponentApi(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/api/components/{componentAppId}")
            .AddEndpointFilter<ApiKeyFilter>()
            .AddEndpointFilter<KnownComponentFilter>();
}

/// <summary>Answers the one 404 problem for a platform not served here.</summary>
internal sealed class KnownComponentFilter(ComponentDirectory components) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var componentAppId = context.HttpContext.GetRouteValue("componentAppId") as string ?? "";
        return components.TryGet(componentAppId, out _) ? await next(context) : TokenProblems.UnknownComponent(componentAppId);
    }
}
