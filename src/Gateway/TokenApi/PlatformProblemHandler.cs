using Gateway.Acting;
using Gateway.Quotas;
using Grains;
using WeChat.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace Gateway.TokenApi;

/// <summary>
/// Every route's <see cref="PlatformException"/> (and the acting routes' <see cref="WeChatApiException"/>) answered as
/// its RFC 7807 problem, in one place; a request that cannot be read (no body, not the JSON expected) is a 400; a cluster
/// that cannot answer (a grain that cannot activate while the database is down, a call that timed out) is a 503 to
/// retry, not a 500.
/// </summary>
internal sealed class PlatformProblemHandler : IExceptionHandler
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is WeChatApiException { RefusedUntil: { } until } overQuota)
        {
            await QuotaProblems.Exhausted(overQuota, until, httpContext).ExecuteAsync(httpContext);
            return true;
        }

        if (exception is WeChatApiException refused)
        {
            await refused.ToProblem(httpContext).ExecuteAsync(httpContext);
            return true;
        }

        if (exception is BadHttpRequestException unreadable)
        {
            await PlatformProblems.Coded(unreadable.StatusCode, RequestValidation.Problem, "Invalid request", unreadable.Message).ExecuteAsync(httpContext);
            return true;
        }

        var unavailable = exception switch
        {
            PlatformException token => token,
            OrleansException or TimeoutException => new PlatformException(PlatformProblem.StorageUnavailable,
                $"The cluster could not answer ({exception.GetType().Name}); try again shortly.", RetryAfter),
            _ => null,
        };
        if (unavailable is null)
        {
            return false;
        }

        await unavailable.ToProblem(httpContext).ExecuteAsync(httpContext);
        return true;
    }
}
