using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

public sealed record QueryAuthRequest(
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("authorization_code")] string AuthorizationCode);

public sealed record QueryAuthResponse(
    [property: JsonPropertyName("authorization_info")] AuthorizationInfo AuthorizationInfo);

/// <summary>The token fields are present only when the account granted API permissions.</summary>
public sealed record AuthorizationInfo(
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    [property: JsonPropertyName("authorizer_access_token")] string? AuthorizerAccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("authorizer_refresh_token")] string? AuthorizerRefreshToken,
    [property: JsonPropertyName("func_info")] IReadOnlyList<FuncInfo>? FuncInfo)
{
    public IReadOnlyList<int> PermissionSetIds =>
        FuncInfo?.Select(f => f.Category?.Id).OfType<int>().Distinct().Order().ToArray() ?? [];
}

public sealed record FuncInfo(
    [property: JsonPropertyName("funcscope_category")] FuncScopeCategory? Category);

public sealed record FuncScopeCategory(
    [property: JsonPropertyName("id")] int Id);

public sealed record AuthorizerTokenRequest(
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    [property: JsonPropertyName("authorizer_refresh_token")] string AuthorizerRefreshToken);

public sealed record AuthorizerTokenResponse(
    [property: JsonPropertyName("authorizer_access_token")] string AuthorizerAccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("authorizer_refresh_token")] string? AuthorizerRefreshToken);
