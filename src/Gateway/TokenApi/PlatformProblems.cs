using Grains;

namespace Gateway.TokenApi;

/// <summary>How a <see cref="TokenUnavailableException"/> reaches a business service: an RFC 7807 problem.</summary>
internal static class TokenProblems
{
    public static int StatusCode(TokenProblem problem) => problem switch
    {
        TokenProblem.UnknownComponent or TokenProblem.UnknownAuthorizer => StatusCodes.Status404NotFound,
        TokenProblem.Unauthorized or TokenProblem.ReauthorizationRequired => StatusCodes.Status410Gone,
        TokenProblem.AuthorizationCodeRejected => StatusCodes.Status400BadRequest,
        TokenProblem.WeChatRefused => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The 404 every <c>/api/components/{componentAppId}</c> route answers for a platform not served here.</summary>
    public static IResult UnknownComponent(string componentAppId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown component", detail: $"The component {componentAppId} is not served here.");

    public static IResult ToProblem(this TokenUnavailableException error, HttpContext http)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Problem(
            title: Title(error.Problem),
            detail: error.Message,
            statusCode: StatusCode(error.Problem),
            type: $"https://wechat-component-platform/problems/{ToSnakeCase(error.Problem)}",
            extensions: new Dictionary<string, object?> { ["problem"] = ToSnakeCase(error.Problem) });
    }

    private static string Title(TokenProblem problem) => problem switch
    {
        TokenProblem.UnknownComponent => "Unknown component",
        TokenProblem.UnknownAuthorizer => "Unknown authorizer",
        TokenProblem.Unauthorized => "The account revoked its authorization",
        TokenProblem.ReauthorizationRequired => "The account must authorize again",
        TokenProblem.NoTicket => "No component_verify_ticket yet",
        TokenProblem.QuotaExhausted => "WeChat quota exhausted",
        TokenProblem.IpNotWhitelisted => "Server IP not on the platform's whitelist",
        TokenProblem.WeChatUnavailable => "WeChat unavailable",
        TokenProblem.AuthorizationCodeRejected => "Authorization code rejected",
        TokenProblem.StorageUnavailable => "Token store unavailable",
        _ => "WeChat refused the request",
    };

    private static string ToSnakeCase(TokenProblem problem) =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(problem.ToString()).Replace("we_chat", "wechat", StringComparison.Ordinal);
}
