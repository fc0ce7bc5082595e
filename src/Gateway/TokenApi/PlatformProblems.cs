using Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.TokenApi;

/// <summary>How a <see cref="PlatformException"/> reaches a business service: an RFC 7807 problem.</summary>
internal static class PlatformProblems
{
    public static int StatusCode(PlatformProblem problem) => problem switch
    {
        PlatformProblem.UnknownComponent or PlatformProblem.UnknownAuthorizer => StatusCodes.Status404NotFound,
        PlatformProblem.Unauthorized or PlatformProblem.ReauthorizationRequired => StatusCodes.Status410Gone,
        PlatformProblem.AuthorizationCodeRejected or PlatformProblem.WrongAccountKind => StatusCodes.Status400BadRequest,
        PlatformProblem.WeChatRefused => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The 404 every <c>/api/components/{componentAppId}</c> route answers for a platform not served here.</summary>
    public static IResult UnknownComponent(string componentAppId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown component", detail: $"The component {componentAppId} is not served here.");

    public static IResult ToProblem(this PlatformException error, HttpContext http)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Coded(StatusCode(error.Problem), ToSnakeCase(error.Problem), Title(error.Problem), error.Message);
    }

    /// <summary>A problem as the contract codes them: the code names the <c>type</c> and is the <c>problem</c> member.</summary>
    public static ProblemHttpResult Coded(int statusCode, string problem, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: statusCode, title: title, type: TypeOf(problem), extensions: new Dictionary<string, object?> { ["problem"] = problem });

    public static string TypeOf(string problem) => $"https://wechat-component-platform/problems/{problem}";

    private static string Title(PlatformProblem problem) => problem switch
    {
        PlatformProblem.UnknownComponent => "Unknown component",
        PlatformProblem.UnknownAuthorizer => "Unknown authorizer",
        PlatformProblem.Unauthorized => "The account revoked its authorization",
        PlatformProblem.ReauthorizationRequired => "The account must authorize again",
        PlatformProblem.NoTicket => "No component_verify_ticket yet",
        PlatformProblem.QuotaExhausted => "WeChat quota exhausted",
        PlatformProblem.IpNotWhitelisted => "Server IP not on the platform's whitelist",
        PlatformProblem.WeChatUnavailable => "WeChat unavailable",
        PlatformProblem.AuthorizationCodeRejected => "Authorization code rejected",
        PlatformProblem.StorageUnavailable => "Token store unavailable",
        PlatformProblem.WrongAccountKind => "Not for this kind of account",
        _ => "WeChat refused the request",
    };

    private static string ToSnakeCase(PlatformProblem problem) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(problem.ToString()).Replace("we_chat", "wechat", StringComparison.Ordinal);
}
