using System.Diagnostics;
using System.Text.Json;
using Flurl.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using WeChat.Api.Wire;
using WeChat.Options;

namespace WeChat.Api;

/// <summary>
/// The component (third-party platform) APIs. WeChat answers failures as HTTP 200 with an errcode; every such
/// answer, every HTTP failure and every timeout becomes a classified <see cref="WeChatApiException"/>.
/// Transient failures of reads and of the token APIs are retried with exponential backoff before they are reported;
/// writes that change something at WeChat (code management, a message, clear_quota) are sent once, since a lost answer
/// may hide a change that was made and a repeat would make it twice (one version too far back for revertcoderelease).
/// </summary>
public sealed partial class ComponentApiClient : IComponentApi
{
    private const string ComponentTokenParameter = "component_access_token";
    private const string AccessTokenParameter = "access_token";

    private readonly IFlurlClient _client;
    private readonly WeChatOptions _options;
    private readonly ILogger<ComponentApiClient> _logger;
    private readonly ResiliencePipeline _retry;

    public ComponentApiClient(IFlurlClient client, IOptions<WeChatOptions> options, ILogger<ComponentApiClient> logger)
    {
        _client = client;
        _options = options.Value;
        _logger = logger;
        _retry = BuildRetry(_options, logger);
    }

    public Task<ComponentTokenResponse> GetComponentTokenAsync(string componentAppId, string appSecret, string ticket, CancellationToken cancellationToken = default) =>
        PostAsync<ComponentTokenResponse>(ComponentApis.ComponentToken, null, null,
            new ComponentTokenRequest(componentAppId, appSecret, ticket), cancellationToken);

    public Task StartPushTicketAsync(string componentAppId, string appSecret, CancellationToken cancellationToken = default) =>
        PostAsync<JsonElement>(ComponentApis.StartPushTicket, null, null,
            new StartPushTicketRequest(componentAppId, appSecret), cancellationToken);

    public Task<PreAuthCodeResponse> CreatePreAuthCodeAsync(string componentToken, string componentAppId, CancellationToken cancellationToken = default) =>
        PostAsync<PreAuthCodeResponse>(ComponentApis.CreatePreAuthCode, ComponentTokenParameter, componentToken,
            new ComponentAppIdRequest(componentAppId), cancellationToken);

    public Task<QueryAuthResponse> QueryAuthAsync(string componentToken, string componentAppId, string authorizationCode, CancellationToken cancellationToken = default) =>
        PostAsync<QueryAuthResponse>(ComponentApis.QueryAuth, ComponentTokenParameter, componentToken,
            new QueryAuthRequest(componentAppId, authorizationCode), cancellationToken);

    public Task<AuthorizerTokenResponse> RefreshAuthorizerTokenAsync(string componentToken, string componentAppId, string authorizerAppId, string refreshToken, CancellationToken cancellationToken = default) =>
        PostAsync<AuthorizerTokenResponse>(ComponentApis.AuthorizerToken, ComponentTokenParameter, componentToken,
            new AuthorizerTokenRequest(componentAppId, authorizerAppId, refreshToken), cancellationToken);

    public Task<AuthorizerInfoResponse> GetAuthorizerInfoAsync(string componentToken, string componentAppId, string authorizerAppId, CancellationToken cancellationToken = default) =>
        PostAsync<AuthorizerInfoResponse>(ComponentApis.GetAuthorizerInfo, ComponentTokenParameter, componentToken,
            new AuthorizerInfoRequest(componentAppId, authorizerAppId), cancellationToken);

    public Task<AuthorizerListResponse> GetAuthorizerListAsync(string componentToken, string componentAppId, int offset, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ComponentApis.AuthorizerListMaxPage);
        return PostAsync<AuthorizerListResponse>(ComponentApis.GetAuthorizerList, ComponentTokenParameter, componentToken,
            new AuthorizerListRequest(componentAppId, offset, count), cancellationToken);
    }

    public async IAsyncEnumerable<AuthorizerListItem> ListAllAuthorizersAsync(string componentToken, string componentAppId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var offset = 0;
        while (true)
        {
            var page = await GetAuthorizerListAsync(componentToken, componentAppId, offset, ComponentApis.AuthorizerListMaxPage, cancellationToken);
            foreach (var item in page.List)
            {
                yield return item;
            }

            offset += page.List.Count;
            if (page.List.Count == 0 || offset >= page.TotalCount)
            {
                yield break;
            }
        }
    }

    public Task SendCustomTextMessageAsync(string authorizerToken, string openId, string content, CancellationToken cancellationToken = default) =>
        PostOnceAsync<JsonElement>(ComponentApis.CustomSend, AccessTokenParameter, authorizerToken,
            new CustomTextMessageRequest(openId, "text", new CustomText(content)), cancellationToken);

    public Task<AccountTicketResponse> GetTicketAsync(string authorizerToken, AccountTicketType type, CancellationToken cancellationToken = default) =>
        GetAsync<AccountTicketResponse>(ComponentApis.GetTicket, AccessTokenParameter, authorizerToken, [("type", TicketTypeName(type))], cancellationToken);

    public Task<OAuthTokenResponse> ExchangeOAuthCodeAsync(string componentToken, string componentAppId, string authorizerAppId, string code, CancellationToken cancellationToken = default) =>
        GetAsync<OAuthTokenResponse>(ComponentApis.OAuthAccessToken, ComponentTokenParameter, componentToken,
            [("appid", authorizerAppId), ("code", code), ("grant_type", "authorization_code"), ("component_appid", componentAppId)], cancellationToken);

    public Task<OAuthTokenResponse> RefreshOAuthTokenAsync(string componentToken, string componentAppId, string authorizerAppId, string refreshToken, CancellationToken cancellationToken = default) =>
        GetAsync<OAuthTokenResponse>(ComponentApis.OAuthRefreshToken, ComponentTokenParameter, componentToken,
            [("appid", authorizerAppId), ("grant_type", "refresh_token"), ("component_appid", componentAppId), ("refresh_token", refreshToken)], cancellationToken);

    public Task<JsCodeSessionResponse> JsCodeToSessionAsync(string componentToken, string componentAppId, string authorizerAppId, string jsCode, CancellationToken cancellationToken = default) =>
        GetAsync<JsCodeSessionResponse>(ComponentApis.JsCodeToSession, ComponentTokenParameter, componentToken,
            [("appid", authorizerAppId), ("js_code", jsCode), ("grant_type", "authorization_code"), ("component_appid", componentAppId)], cancellationToken);

    public Task ClearQuotaAsync(string authorizerToken, string authorizerAppId, CancellationToken cancellationToken = default) =>
        PostOnceAsync<JsonElement>(ComponentApis.ClearQuota, AccessTokenParameter, authorizerToken, new ClearQuotaRequest(authorizerAppId), cancellationToken);

    public Task<ApiQuotaResponse> GetApiQuotaAsync(string token, string cgiPath, CancellationToken cancellationToken = default) =>
        PostAsync<ApiQuotaResponse>(ComponentApis.GetApiQuota, AccessTokenParameter, token, new ApiQuotaRequest(cgiPath), cancellationToken);

    private static string TicketTypeName(AccountTicketType type) => type switch
    {
        AccountTicketType.JsApi => "jsapi",
        AccountTicketType.WxCard => "wx_card",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    // Named pairs rather than an anonymous object: Flurl reads an object's properties by reflection on every call.
    private Task<T> GetAsync<T>(string api, string tokenParameter, string token, (string Name, string Value)[] parameters, CancellationToken cancellationToken) =>
        SendAsync<T>(_retry, api, tokenParameter, token, Get(parameters), cancellationToken);

    private Task<T> GetOnceAsync<T>(string api, string tokenParameter, string token, (string Name, string Value)[] parameters, CancellationToken cancellationToken) =>
        SendAsync<T>(ResiliencePipeline.Empty, api, tokenParameter, token, Get(parameters), cancellationToken);

    private Task<T> PostAsync<T>(string api, string? tokenParameter, string? token, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(_retry, api, tokenParameter, token, Post(body), cancellationToken);

    private Task<T> PostOnceAsync<T>(string api, string? tokenParameter, string? token, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(ResiliencePipeline.Empty, api, tokenParameter, token, Post(body), cancellationToken);

    private static Func<IFlurlRequest, CancellationToken, Task<IFlurlResponse>> Get((string Name, string Value)[] parameters) =>
        (request, ct) =>
        {
            foreach (var (name, value) in parameters)
            {
                request.SetQueryParam(name, value);
            }

            return request.GetAsync(cancellationToken: ct);
        };

    private static Func<IFlurlRequest, CancellationToken, Task<IFlurlResponse>> Post(object body) =>
        (request, ct) => request.PostJsonAsync(body, cancellationToken: ct);

    private async Task<T> SendAsync<T>(
        ResiliencePipeline pipeline,
        string api,
        string? tokenParameter,
        string? token,
        Func<IFlurlRequest, CancellationToken, Task<IFlurlResponse>> send,
        CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(async ct =>
        {
            var request = _client.Request(api).AllowAnyHttpStatus().WithTimeout(_options.RequestTimeout);
            if (tokenParameter is not null)
            {
                request.SetQueryParam(tokenParameter, token);
            }

            var started = Stopwatch.GetTimestamp();
            var body = await TransmitAsync(api, request, send, ct);
            var result = WeChatResponse.Read<T>(api, body.StatusCode, body.Content);
            LogCall(api, body.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }, cancellationToken);

    private async Task<(int StatusCode, string Content)> TransmitAsync(
        string api,
        IFlurlRequest request,
        Func<IFlurlRequest, CancellationToken, Task<IFlurlResponse>> send,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send(request, cancellationToken);
            return (response.StatusCode, await response.GetStringAsync());
        }
        catch (FlurlHttpException ex) when (ex.InnerException is WeChatApiException { RefusedUntil: not null } refused)
        {
            throw refused;
        }
        catch (FlurlHttpTimeoutException)
        {
            throw new WeChatApiException(api, null, $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", WeChatErrorKind.Transient);
        }
        catch (FlurlHttpException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Flurl's own message carries the URL and so the token: keep only the transport cause.
            throw new WeChatApiException(api, null, "the connection failed", WeChatErrorKind.Transient,
                ex.InnerException is HttpRequestException inner ? new HttpRequestException(inner.Message, null, inner.StatusCode) : null);
        }
    }

    private static ResiliencePipeline BuildRetry(WeChatOptions options, ILogger logger)
    {
        if (options.TransientRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<WeChatApiException>(e => e.Kind == WeChatErrorKind.Transient),
                MaxRetryAttempts = options.TransientRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                OnRetry = args =>
                {
                    LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private void LogCall(string api, int statusCode, double elapsedMs) => LogCompleted(_logger, api, statusCode, elapsedMs);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "WeChat {Api} answered HTTP {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogCompleted(ILogger logger, string api, int statusCode, double elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "WeChat call failed transiently ({Reason}); retry {Attempt} in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, string? reason);
}
