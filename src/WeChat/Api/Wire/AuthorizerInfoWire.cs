using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

public sealed record AuthorizerInfoRequest(
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId);

public sealed record AuthorizerInfoResponse(
    [property: JsonPropertyName("authorizer_info")] AuthorizerInfo AuthorizerInfo,
    [property: JsonPropertyName("authorization_info")] AuthorizationInfo? AuthorizationInfo);

public sealed record AuthorizerInfo(
    [property: JsonPropertyName("nick_name")] string? NickName,
    [property: JsonPropertyName("head_img")] string? HeadImage,
    [property: JsonPropertyName("service_type_info")] IdInfo? ServiceType,
    [property: JsonPropertyName("verify_type_info")] IdInfo? VerifyType,
    [property: JsonPropertyName("user_name")] string? UserName,
    [property: JsonPropertyName("principal_name")] string? PrincipalName,
    [property: JsonPropertyName("alias")] string? Alias,
    [property: JsonPropertyName("qrcode_url")] string? QrCodeUrl,
    [property: JsonPropertyName("account_status")] int? AccountStatus,
    [property: JsonPropertyName("signature")] string? Signature)
{
    /// <summary>Mini programs carry <c>MiniProgramInfo</c>; it is present here when sent.</summary>
    [JsonPropertyName("MiniProgramInfo")]
    public JsonElement? MiniProgramInfo { get; init; }

    public bool IsMiniProgram => MiniProgramInfo is { ValueKind: JsonValueKind.Object };
}

public sealed record IdInfo([property: JsonPropertyName("id")] int Id);

public sealed record AuthorizerListRequest(
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("count")] int Count);

public sealed record AuthorizerListResponse(
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("list")] IReadOnlyList<AuthorizerListItem> List);

/// <summary>Note the field is <c>refresh_token</c> here, and absent for accounts whose code was never exchanged.</summary>
public sealed record AuthorizerListItem(
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("auth_time")] long AuthTime);
