using System.Text.Json.Serialization;
using Grains;
using WeChat.Api.Wire;

namespace Gateway.Quotas;

/// <summary>An account's day of WeChat calls as the platform counted them, and what WeChat said of its quotas.</summary>
public sealed record QuotaResponse(
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    [property: JsonPropertyName("day")] DateOnly Day,
    [property: JsonPropertyName("calls")] IReadOnlyDictionary<string, long> Calls,
    [property: JsonPropertyName("exhausted")] IReadOnlyList<QuotaExhaustionResponse> Exhausted,
    [property: JsonPropertyName("cleared_at")] DateTimeOffset? ClearedAt,
    [property: JsonPropertyName("wechat")] WeChatQuotaResponse? WeChat)
{
    public static QuotaResponse From(string authorizerAppId, QuotaLedger ledger, WeChatQuotaResponse? wechat = null) => new(
        authorizerAppId,
        ledger.Day,
        ledger.Calls,
        [.. ledger.Exhausted.Select(e => new QuotaExhaustionResponse(e.Api, e.At, e.Until, ledger.ClearedAt >= e.At))],
        ledger.ClearedAt,
        wechat);
}

/// <summary>A 45009 WeChat answered: calls of <c>api</c> refused until <c>until</c>, unless the platform cleared the quota since.</summary>
public sealed record QuotaExhaustionResponse(
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("until")] DateTimeOffset Until,
    [property: JsonPropertyName("cleared")] bool Cleared);

/// <summary>WeChat's own numbers for one API (<c>cgi-bin/openapi/quota/get</c>).</summary>
public sealed record WeChatQuotaResponse(
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("daily_limit")] long DailyLimit,
    [property: JsonPropertyName("used")] long Used,
    [property: JsonPropertyName("remain")] long Remain)
{
    public static WeChatQuotaResponse From(string api, ApiQuota quota) => new(api, quota.DailyLimit, quota.Used, quota.Remain);
}
