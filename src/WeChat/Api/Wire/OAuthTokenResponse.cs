using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

/// <summary>A user's web-page OAuth tokens for one official account (docs/wechat-protocol.md §3.11).</summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("unionid")] string? UnionId)
{
    // A record prints every property; these tokens act as the user, so a logged response must not carry them.
    public override string ToString() => $"{nameof(OAuthTokenResponse)} {{ OpenId = {OpenId}, UnionId = {UnionId}, Scope = {Scope}, ExpiresIn = {ExpiresIn} }}";
}
