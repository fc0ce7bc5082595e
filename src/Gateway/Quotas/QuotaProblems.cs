using System.Globalization;
using Gateway.TokenApi;
using Gateway.WeChatProxy;
using Microsoft.AspNetCore.Http.HttpResults;
using WeChat.Api;

namespace Gateway.Quotas;

internal static class QuotaProblems
{
    /// <summary>429 <c>quota_exhausted</c>: the platform refused the call itself, with <c>Retry-After</c> until the quota resets.</summary>
    public static ProblemHttpResult Exhausted(WeChatApiException refused, DateTimeOffset until, HttpContext http)
    {
        var wait = until - http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            $"WeChat answered 45009 for {refused.Api} of this account today; the platform sends no more such calls until the quota resets at "
            + $"{until:yyyy-MM-ddTHH:mm:ssK} (midnight in Beijing) or is cleared (POST .../quota/clear). Nothing was sent.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "WeChat quota exhausted",
            type: PlatformProblems.TypeOf("quota_exhausted"),
            extensions: new Dictionary<string, object?>
            {
                ["problem"] = "quota_exhausted",
                ["errcode"] = WeChatErrorCodes.DailyQuotaReached,
                ["api"] = "/" + refused.Api,
                ["until"] = until,
            });
    }

    public static ProblemHttpResult InvalidApi() => PlatformProblems.Coded(
        StatusCodes.Status400BadRequest, "invalid_api", "Not a WeChat API path",
        $"api names a WeChat API path as WeChat's quota APIs do, such as /wxa/commit: up to {ProxyPath.MaxLength} characters, "
        + "segments of letters, digits, _, - and ., no empty, . or .. segment.");
}
