using System.Text.Json;
using Gateway.Access;
using Gateway.TokenApi;
using Grains;
using Microsoft.Extensions.Options;
using WeChat;
using WeChat.Api;
using WeChat.Options;

namespace Gateway.WeChatProxy;

/// <summary>
/// Acting for an account without handling its token: a business service calls
/// <c>/api/components/{c}/authorizers/{a}/wechat/{path}</c> as it would call <c>{ApiBaseUrl}/{path}</c>; the gateway
/// adds the current authorizer_access_token, and when WeChat rejects it (40001, 40014, 42001) refreshes once through
/// the authorizer grain and sends the call again.
/// </summary>
internal static partial class WeChatProxyEndpoints
{
    private const int MaxRequestBytes = 10 * 1024 * 1024;
    private const int MaxInspectedBytes = 64 * 1024;

    private static readonly HashSet<string> TokenParameters = new(StringComparer.OrdinalIgnoreCase) { "access_token", "component_access_token" };

    public static void MapWeChatProxy(this RouteGroupBuilder api) =>
        api.MapMethods("/authorizers/{authorizerAppId}/wechat/{**path}", [HttpMethods.Get, HttpMethods.Post], ProxyAsync)
            .WithTags("WeChat proxy")
            .RequireAuthorization(ApiScopes.Act)
            .WithSummary("Calls a WeChat API for the account with its current access token, refreshing once if WeChat rejects it");

    private static async Task<IResult> ProxyAsync(
        string componentAppId,
        string authorizerAppId,
        string path,
        HttpContext http,
        TokenCache tokens,
        IHttpClientFactory clients,
        IOptions<WeChatOptions> options,
        ILogger<ProxyCall> logger)
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
            await ReadBodyAsync(http.Request),
            http.Request.ContentType);

        var client = clients.CreateClient(WeChatServiceCollectionExtensions.HttpClientName);
        client.BaseAddress = new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/");
        client.Timeout = options.Value.RequestTimeout;
        try
        {
            var token = (await tokens.GetAuthorizerTokenAsync(componentAppId, authorizerAppId)).Token;
            var answer = await call.SendAsync(client, token.Value, http.RequestAborted);
            if (answer.TokenRejected)
            {
                LogRetrying(logger, componentAppId, authorizerAppId, path);
                token = (await tokens.RefreshAuthorizerTokenAsync(componentAppId, authorizerAppId, token.Value)).Token;
                answer = await call.SendAsync(client, token.Value, http.RequestAborted);
            }

            http.Response.StatusCode = answer.StatusCode;
            http.Response.ContentType = answer.ContentType;
            await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
            return Results.Empty;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            LogUnreachable(logger, componentAppId, authorizerAppId, path, ex.GetType().Name);
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

    /// <summary>One business call, kept whole so it can be sent a second time with a fresh token.</summary>
    internal sealed record ProxyCall(HttpMethod Method, string Path, IReadOnlyList<(string Key, string Value)> Query, byte[] Body, string? ContentType)
    {
        public async Task<ProxyAnswer> SendAsync(HttpClient client, string token, CancellationToken cancellationToken)
        {
            var query = string.Join('&', Query.Append((Key: "access_token", Value: token)).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
            using var request = new HttpRequestMessage(Method, $"{Path}?{query}");
            if (Method != HttpMethod.Get)
            {
                request.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new ProxyAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
        }
    }

    internal sealed record ProxyAnswer(int StatusCode, string? ContentType, byte[] Body)
    {
        /// <summary>WeChat answers a rejected token with HTTP 200 and a JSON errcode; media downloads are never inspected.</summary>
        public bool TokenRejected
        {
            get
            {
                if (Body.Length is 0 or > MaxInspectedBytes || Body[0] != (byte)'{')
                {
                    return false;
                }

                try
                {
                    using var json = JsonDocument.Parse(Body);
                    return json.RootElement.TryGetProperty("errcode", out var code)
                        && code.TryGetInt32(out var errcode)
                        && WeChatErrorCodes.Classify(errcode) == WeChatErrorKind.TokenRejected;
                }
                catch (JsonException)
                {
                    return false;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat rejected the access token of {ComponentAppId}/{AuthorizerAppId} on {Path}; refreshing once and sending again")]
    private static partial void LogRetrying(ILogger logger, string componentAppId, string authorizerAppId, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy call {Path} for {ComponentAppId}/{AuthorizerAppId} got no answer from WeChat ({Error})")]
    private static partial void LogUnreachable(ILogger logger, string componentAppId, string authorizerAppId, string path, string error);
}
