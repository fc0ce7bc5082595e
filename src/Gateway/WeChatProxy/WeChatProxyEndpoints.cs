using Gateway.Access;
using Gateway.Acting;
using Gateway.TokenApi;
using Microsoft.Extensions.Options;
using WeChat;
using WeChat.Options;

namespace Gateway.WeChatProxy;

/// <summary>
/// Calling WeChat without handling a token: a business service calls <c>.../wechat/{path}</c> as it would call
/// <c>{ApiBaseUrl}/{path}</c>; the gateway adds the current token (the account's for an account's call, the platform's
/// component token for a platform-level call), and when WeChat rejects it (40001, 40014, 42001) refreshes once through
/// its grain and sends the call again. WeChat's answer comes back unchanged.
/// </summary>
internal static partial class WeChatProxyEndpoints
{
    private const int MaxRequestBytes = 10 * 1024 * 1024;

    private static readonly HashSet<string> TokenParameters = new(StringComparer.OrdinalIgnoreCase) { "access_token", "component_access_token" };

    public static void MapWeChatProxy(this RouteGroupBuilder api)
    {
        var proxy = api.MapGroup("").WithTags("WeChat proxy").RequireAuthorization(ApiScopes.Act);

        proxy.MapMethods("/authorizers/{authorizerAppId}/wechat/{**path}", [HttpMethods.Get, HttpMethods.Post],
                (string componentAppId, string authorizerAppId, string path, HttpContext http, TokenCache tokens) =>
                    ProxyAsync(http, path, "access_token", new ProxyTokenSource(
                        $"{componentAppId}/{authorizerAppId}",
                        async () => (await tokens.GetAuthorizerTokenAsync(componentAppId, authorizerAppId)).Token.Value,
                        async rejected => (await tokens.RefreshAuthorizerTokenAsync(componentAppId, authorizerAppId, rejected)).Token.Value)))
            .WithSummary("Calls a WeChat API for the account with its current access token, refreshing once if WeChat rejects it");

        // Platform-level APIs name the token differently (wxa/* take access_token, cgi-bin/component/* take
        // component_access_token): the caller's own parameter name is kept, its value replaced.
        proxy.MapMethods("/wechat/{**path}", [HttpMethods.Get, HttpMethods.Post],
                (string componentAppId, string path, HttpContext http, ComponentTokens tokens) =>
                    ProxyAsync(http, path, http.Request.Query.ContainsKey("access_token") ? "access_token" : "component_access_token", new ProxyTokenSource(
                        componentAppId,
                        async () => (await tokens.CurrentAsync(componentAppId)).Value,
                        async rejected => (await tokens.RefreshAsync(componentAppId, rejected)).Value)))
            .WithSummary("Calls a platform-level WeChat API with the platform's component token, refreshing once if WeChat rejects it");
    }

    private static async Task<IResult> ProxyAsync(HttpContext http, string path, string tokenParameter, ProxyTokenSource source)
    {
        if (!IsPlainApiPath(path))
        {
            return TypedResults.Problem(statusCode: 400, title: "Not a WeChat API path", detail: "The path after /wechat/ must be a WeChat API path such as cgi-bin/message/custom/send.");
        }

        if (http.Request.ContentLength > MaxRequestBytes)
        {
            return TypedResults.Problem(statusCode: 413, title: "Request too large", detail: $"The proxy forwards at most {MaxRequestBytes / (1024 * 1024)} MB.");
        }

        var call = new ProxyCall(
            new HttpMethod(http.Request.Method),
            path,
            http.Request.Query.Where(q => !TokenParameters.Contains(q.Key)).SelectMany(q => q.Value.Select(v => (q.Key, v ?? ""))).ToList(),
            tokenParameter,
            await ReadBodyAsync(http.Request),
            http.Request.ContentType);

        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<WeChatOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<ProxyCall>>();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(WeChatServiceCollectionExtensions.HttpClientName);
        client.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
        client.Timeout = options.RequestTimeout;
        try
        {
            var token = await source.CurrentAsync();
            var answer = await call.SendAsync(client, token, http.RequestAborted);
            if (answer.TokenRejected)
            {
                LogRetrying(logger, source.Owner, path);
                answer = await call.SendAsync(client, await source.RefreshAsync(token), http.RequestAborted);
            }

            http.Response.StatusCode = answer.StatusCode;
            http.Response.ContentType = answer.ContentType;
            await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
            return Results.Empty;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            LogUnreachable(logger, path, source.Owner, ex.GetType().Name);
            return TypedResults.Problem(statusCode: 502, title: "WeChat unavailable", detail: "WeChat did not answer the call; it may or may not have been carried out.");
        }
    }

    private static bool IsPlainApiPath(string path) =>
        path.Length > 0
        && !path.StartsWith('/')
        && !path.Contains("..", StringComparison.Ordinal)
        && !path.Contains('\\')
        && !path.Contains(':')
        && Uri.IsWellFormedUriString(path, UriKind.Relative);

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat rejected the token of {Owner} on {Path}; refreshing once and sending again")]
    private static partial void LogRetrying(ILogger logger, string owner, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy call {Path} for {Owner} got no answer from WeChat ({Error})")]
    private static partial void LogUnreachable(ILogger logger, string path, string owner, string error);
}
