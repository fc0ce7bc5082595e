using Gateway.Access;
using Gateway.Acting;
using Gateway.TokenApi;

namespace Gateway.WeChatProxy;

/// <summary>
/// Calling WeChat without handling a token: a business service calls <c>.../wechat/{path}</c> as it would call
/// <c>{ApiBaseUrl}/{path}</c>; the gateway adds the current token (the account's for an account's call, the platform's
/// component token for a platform-level call), and when WeChat rejects it (40001, 40014, 42001) refreshes once through
/// its grain and sends the call again. WeChat's answer comes back unchanged. Only plain API paths are carried, never
/// a credential API (<see cref="CredentialApis"/>), and the query within bounds (<see cref="ProxyQuery"/>).
/// </summary>
internal static partial class WeChatProxyEndpoints
{
    private const int MaxRequestBytes = 10 * 1024 * 1024;

    private const string LogCategory = "Gateway.WeChatProxy";

    public static void MapWeChatProxy(this RouteGroupBuilder api)
    {
        var proxy = api.MapGroup("").WithTags("WeChat proxy").RequireAuthorization(ApiScopes.Act);

        proxy.MapMethods("/authorizers/{authorizerAppId}/wechat/{**path}", [HttpMethods.Get, HttpMethods.Post],
                (string componentAppId, string authorizerAppId, string path, HttpContext http, TokenCache tokens, WeChatProxyClient client) =>
                    ProxyAsync(http, path, "access_token", client, new ProxyTokenSource(
                        $"{componentAppId}/{authorizerAppId}",
                        async () => (await tokens.GetAuthorizerTokenAsync(componentAppId, authorizerAppId)).Token.Value,
                        async rejected => (await tokens.RefreshAuthorizerTokenAsync(componentAppId, authorizerAppId, rejected)).Token.Value)))
            .WithSummary("Calls a WeChat API for the account with its current access token, refreshing once if WeChat rejects it");

        // Platform-level APIs name the token differently (wxa/* take access_token, cgi-bin/component/* take
        // component_access_token): the caller's own parameter name is kept, its value replaced.
        proxy.MapMethods("/wechat/{**path}", [HttpMethods.Get, HttpMethods.Post],
                (string componentAppId, string path, HttpContext http, ComponentTokens tokens, WeChatProxyClient client) =>
                    ProxyAsync(http, path, http.Request.Query.ContainsKey("access_token") ? "access_token" : "component_access_token", client, new ProxyTokenSource(
                        componentAppId,
                        async () => (await tokens.CurrentAsync(componentAppId)).Value,
                        async rejected => (await tokens.RefreshAsync(componentAppId, rejected)).Value)))
            .WithSummary("Calls a platform-level WeChat API with the platform's component token, refreshing once if WeChat rejects it");
    }

    private static async Task<IResult> ProxyAsync(HttpContext http, string routedPath, string tokenParameter, WeChatProxyClient client, ProxyTokenSource source)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);

        // Decided on what the client sent, in every spelling WeChat could read it: the routed path is already decoded.
        var path = ProxyPath.AsSent(http);
        if ((CredentialApis.Find(ProxyPath.Normalize(path)) ?? CredentialApis.Find(ProxyPath.Normalize(routedPath))) is { } credentialApi)
        {
            LogCredentialApiRefused(logger, credentialApi, source.Owner);
            return ProxyProblems.CredentialApi(credentialApi);
        }

        if (!ProxyPath.IsPlain(path) || path != routedPath)
        {
            return ProxyProblems.NotAnApiPath();
        }

        if (ProxyQuery.Read(http.Request) is not { } query)
        {
            return ProxyProblems.QueryOutOfBounds();
        }

        if (http.Request.ContentLength > MaxRequestBytes)
        {
            return ProxyProblems.TooLarge(MaxRequestBytes);
        }

        var call = new ProxyCall(new HttpMethod(http.Request.Method), path, query, tokenParameter, await ReadBodyAsync(http.Request), http.Request.ContentType);
        try
        {
            var token = await source.CurrentAsync();
            var answer = await client.SendAsync(call, token, http.RequestAborted);
            if (answer.TokenRejected)
            {
                LogRetrying(logger, source.Owner, path);
                answer = await client.SendAsync(call, await source.RefreshAsync(token), http.RequestAborted);
            }

            http.Response.StatusCode = answer.StatusCode;
            http.Response.ContentType = answer.ContentType;
            await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
            return Results.Empty;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            LogUnreachable(logger, path, source.Owner, ex.GetType().Name);
            return ProxyProblems.Unanswered();
        }
    }

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

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "WeChat rejected the token of {Owner} on {Path}; refreshing once and sending again")]
    private static partial void LogRetrying(ILogger logger, string owner, string path);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Proxy call {Path} for {Owner} got no answer from WeChat ({Error})")]
    private static partial void LogUnreachable(ILogger logger, string path, string owner, string error);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Refused a proxy call of the credential API {Api} for {Owner}; nothing was sent")]
    private static partial void LogCredentialApiRefused(ILogger logger, string api, string owner);
}
