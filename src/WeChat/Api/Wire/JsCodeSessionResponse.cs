using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

/// <summary>A mini-program user's login session (docs/wechat-protocol.md §3.12).</summary>
public sealed record JsCodeSessionResponse(
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("session_key")] string SessionKey,
    [property: JsonPropertyName("unionid")] string? UnionId)
{
    // A record prints every property; the session key decrypts the user's data, so a logged response must not carry it.
    public override string ToString() => $"{nameof(JsCodeSessionResponse)} {{ OpenId = {OpenId}, UnionId = {UnionId} }}";
}
