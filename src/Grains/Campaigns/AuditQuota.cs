using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using WeChat;
using WeChat.Options;

namespace Grains.Campaigns;

/// <summary>The audits a platform has left this month (<c>wxa/queryquota</c>: platform-wide, asked with any of its mini programs' tokens).</summary>
public interface IAuditQuota
{
    /// <summary>The remaining audits; throws <see cref="AuditQuotaUnknownException"/> when WeChat does not say.</summary>
    Task<int> RemainingAsync(string componentAppId, string authorizerAppId, CancellationToken cancellationToken = default);
}

public sealed class AuditQuotaUnknownException(string message) : Exception(message);

/// <summary>Asks WeChat with the authorizer's current token, as the reference says: only that token, in the query.</summary>
internal sealed class WeChatAuditQuota(IGrainFactory grains, IHttpClientFactory http, IOptions<WeChatOptions> wechat) : IAuditQuota
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<int> RemainingAsync(string componentAppId, string authorizerAppId, CancellationToken cancellationToken = default)
    {
        var token = await grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(componentAppId, authorizerAppId)).GetTokenAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var client = http.CreateClient(WeChatServiceCollectionExtensions.HttpClientName);
        var uri = new Uri($"{wechat.Value.ApiBaseUrl.TrimEnd('/')}/wxa/queryquota?access_token={Uri.EscapeDataString(token.Value)}");
        try
        {
            var answer = await client.GetFromJsonAsync<QueryQuotaAnswer>(uri, timeout.Token);
            return answer is { ErrorCode: 0 or null, Rest: { } rest }
                ? rest
                : throw new AuditQuotaUnknownException($"wxa/queryquota answered errcode {answer?.ErrorCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            throw new AuditQuotaUnknownException($"wxa/queryquota failed ({ex.GetType().Name}).");
        }
    }

    private sealed record QueryQuotaAnswer(
        [property: JsonPropertyName("errcode")] int? ErrorCode,
        [property: JsonPropertyName("rest")] int? Rest,
        [property: JsonPropertyName("limit")] int? Limit);
}
