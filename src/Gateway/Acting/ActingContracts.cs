using System.Text.Json.Serialization;
using WeChat.Api.Wire;

namespace Gateway.Acting;

public sealed record OAuthCodeRequest([property: JsonPropertyName("code")] string? Code);

public sealed record OAuthRefreshRequest([property: JsonPropertyName("refresh_token")] string? RefreshToken);

/// <summary>A user's web-page authorization of an official account: the user's own tokens, for the business to keep.</summary>
public sealed record OAuthTokenAnswer(
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("unionid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnionId,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt)
{
    public static OAuthTokenAnswer From(OAuthTokenResponse wire, DateTimeOffset now) =>
        new(wire.OpenId, wire.UnionId, wire.Scope, wire.AccessToken, wire.RefreshToken, now.AddSeconds(wire.ExpiresIn));

    public override string ToString() => $"{nameof(OAuthTokenAnswer)} {{ OpenId = {OpenId}, Scope = {Scope} }}";
}

public sealed record AuthorizeUrlAnswer([property: JsonPropertyName("url")] string Url);

public sealed record JsCodeRequest([property: JsonPropertyName("js_code")] string? JsCode);

/// <summary>A mini-program user's session: the session key goes to the business service and is kept nowhere here.</summary>
public sealed record MiniProgramSession(
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("unionid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnionId,
    [property: JsonPropertyName("session_key")] string SessionKey)
{
    public override string ToString() => $"{nameof(MiniProgramSession)} {{ OpenId = {OpenId} }}";
}

public sealed record JsSdkSignatureRequest([property: JsonPropertyName("url")] string? Url);

/// <summary>The parameters of <c>wx.config</c> for one page URL.</summary>
public sealed record JsSdkConfig(
    [property: JsonPropertyName("app_id")] string AppId,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("nonce_str")] string NonceStr,
    [property: JsonPropertyName("signature")] string Signature);
