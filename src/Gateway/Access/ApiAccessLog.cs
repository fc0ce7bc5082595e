using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Grains;

namespace Gateway.Access;

/// <summary>
/// Every <c>/api</c> call, recorded without a key or a token: which client, which route, which platform and account,
/// and how it ended, as a counter on the <c>WeChat.Tokens</c> meter, a structured log line, and this gateway's
/// per-client totals shown on the status page.
/// </summary>
public sealed partial class ApiAccessLog(IMeterFactory meters, ILogger<ApiAccessLog> logger)
{
    private const string Anonymous = "(no valid key)";

    /// <summary>HTTP statuses boxed once, so the counter's status tag costs a request no allocation.</summary>
    private static readonly object[] Statuses = [.. Enumerable.Range(0, 600).Select(s => (object)s)];

    private readonly Counter<long> _calls = meters.Create(TokenMetrics.MeterName).CreateCounter<long>(
        "wechat.api.calls", description: "Business API calls by client, route and HTTP status");

    private readonly ConcurrentDictionary<string, ClientCalls> _byClient = new(StringComparer.Ordinal);

    /// <summary>This gateway's calls per client since it started.</summary>
    public IReadOnlyDictionary<string, ClientCalls> ByClient => _byClient;

    public void Record(HttpContext http)
    {
        var client = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name ?? Anonymous : Anonymous;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var status = http.Response.StatusCode;

        _calls.Add(1, new("client", client), new("route", route), new("status", (uint)status < Statuses.Length ? Statuses[status] : status));
        _byClient.GetOrAdd(client, static _ => new ClientCalls()).Count(status);

        // The line's route values are looked up only when it is written (not where Information is filtered out).
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogCall(logger, client, http.Request.Method, route, http.GetRouteValue("componentAppId") as string, http.GetRouteValue("authorizerAppId") as string, status);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "API call by {Client}: {Method} {Route} platform {ComponentAppId} account {AuthorizerAppId} answered {Status}")]
    private static partial void LogCall(ILogger logger, string client, string method, string route, string? componentAppId, string? authorizerAppId, int status);
}

/// <summary>Running totals of one client's calls by outcome.</summary>
public sealed class ClientCalls
{
    private long _answered;
    private long _refused;
    private long _failed;

    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>4xx: refused keys and scopes, rate limits, bad requests, unknown accounts.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>5xx: WeChat or the cluster could not serve the call.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public void Count(int status) => Interlocked.Increment(ref status >= 500 ? ref _failed : ref status >= 400 ? ref _refused : ref _answered);
}
