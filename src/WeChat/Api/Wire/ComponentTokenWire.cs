using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

public sealed record ComponentTokenRequest(
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("component_appsecret")] string ComponentAppSecret,
    [property: JsonPropertyName("component_verify_ticket")] string ComponentVerifyTicket);

public sealed record ComponentTokenResponse(
    [property: JsonPropertyName("component_access_token")] string ComponentAccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record StartPushTicketRequest(
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("component_secret")] string ComponentSecret);

public sealed record ComponentAppIdRequest(
    [property: JsonPropertyName("component_appid")] string ComponentAppId);

public sealed record PreAuthCodeResponse(
    [property: JsonPropertyName("pre_auth_code")] string PreAuthCode,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
