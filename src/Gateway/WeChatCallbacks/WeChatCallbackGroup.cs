using Gateway.Hosting;
using static Gateway.Pages.Page;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// The one <c>/wechat/{componentAppId}</c> group of everything WeChat (or an account's administrator, on the
/// authorization pages) calls: a platform not served here is one 404, logged, before any handler runs.
/// </summary>
internal static partial class WeChatCallbackGroup
{
    public static RouteGroupBuilder MapWeChatCallbacks(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/wechat/{componentAppId}").ExcludeFromDescription().AddEndpointFilter<KnownPlatformFilter>();

    private sealed partial class KnownPlatformFilter(ComponentDirectory components, ILogger<KnownPlatformFilter> logger) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var componentAppId = context.HttpContext.GetRouteValue("componentAppId") as string ?? "";
            if (components.TryGet(componentAppId, out _))
            {
                return await next(context);
            }

            LogUnknown(logger, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return Html("Unknown platform", "<p class=\"problem\">This platform is not served here.</p>", 404);
        }

        [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Refused {Method} {Path}: the platform is not served here")]
        private static partial void LogUnknown(ILogger logger, string method, PathString path);
    }
}
