using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

public sealed record ClearQuotaRequest([property: JsonPropertyName("appid")] string AppId);

public sealed record ApiQuotaRequest([property: JsonPropertyName("cgi_path")] string CgiPath);

/// <summary><c>cgi-bin/openapi/quota/get</c>'s answer: the API's daily limit and today's use as WeChat counts them.</summary>
public sealed record ApiQuotaResponse([property: JsonPropertyName("quota")] ApiQuota Quota);

public sealed record ApiQuota(
    [property: JsonPropertyName("daily_limit")] long DailyLimit,
    [property: JsonPropertyName("used")] long Used,
    [property: JsonPropertyName("remain")] long Remain);
