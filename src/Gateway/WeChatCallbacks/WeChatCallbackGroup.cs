using Gateway.Hosting;
using static Gateway.Pages.Page;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// The one <c>/wechat/{componentAppId}</c> group of everything WeChat (or an account's administrator, on the
/// authorization pages) calls: a platform not served here is one 404 page, logged, before any handler runs.
/// </summary>
internal static partial class WeChatCallbackGroup
{
    public static RouteGroupBuilder MapWeChatCallbacks(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/wechat/{componentAppId}").ExcludeFromDescription().RequireKnownPlatform(Unknown);

    private static IResult Unknown(HttpContext http, string componentAppId)
    {
        LogUnknown(http.RequestServices.GetRequiredService<ILogger<Log>>(), http.Request.Method, http.Request.Path);
        return Html("Unknown platform", "<p class=\"problem\">This platform is not served here.</p>", StatusCodes.Status404NotFound);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Refused {Method} {Path}: the platform is not served here")]
    private static partial void LogUnknown(ILogger logger, string method, PathString path);

    /// <summary>The log category of the group.</summary>
    internal sealed class Log;
}
