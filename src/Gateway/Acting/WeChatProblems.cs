using WeChat.Api;

namespace Gateway.Acting;

/// <summary>
/// A WeChat refusal on a typed acting route, as the contract has it: a problem carrying WeChat's <c>errcode</c>, 400
/// when it was the caller's own mistake (an invalid, used or expired code), 502 otherwise.
/// </summary>
internal static class WeChatProblems
{
    public static IResult ToProblem(this WeChatApiException error, HttpContext http)
    {
        var callersMistake = error.Kind == WeChatErrorKind.UserCodeRejected;
        var problem = error.Kind switch
        {
            WeChatErrorKind.UserCodeRejected => "code_rejected",
            WeChatErrorKind.Transient => "wechat_unavailable",
            WeChatErrorKind.Quota => "quota_exhausted",
            _ when error.ErrorCode == WeChatErrorCodes.ComponentNotAuthorized => "unauthorized",
            _ => "wechat_refused",
        };
        if (error.Kind is WeChatErrorKind.Transient or WeChatErrorKind.Quota)
        {
            http.Response.Headers.RetryAfter = error.ErrorCode == WeChatErrorCodes.DailyQuotaReached ? "1800" : "5";
        }

        return TypedResults.Problem(
            title: callersMistake ? "WeChat refused the code" : "WeChat refused the call",
            detail: $"errcode {error.ErrorCode}: {error.ErrorMessage}",
            statusCode: callersMistake ? StatusCodes.Status400BadRequest : StatusCodes.Status502BadGateway,
            type: $"https://wechat-component-platform/problems/{problem}",
            extensions: new Dictionary<string, object?> { ["problem"] = problem, ["errcode"] = error.ErrorCode });
    }
}
