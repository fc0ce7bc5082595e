using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using WeChat.Api.Wire;

namespace Gateway.Acting;

/// <summary>The code WeChat put on the redirect_uri of the account's web-page authorization.</summary>
public sealed record OAuthCodeRequest(
    [property: JsonPropertyName("code")]
    [Display(Name = "code"), Required, StringLength(InputBounds.MaxCodeLength), RegularExpression(InputBounds.TokenCharacters, ErrorMessage = InputBounds.TokenCharactersMessage)]
    string Code);

/// <summary>A user's refresh token from an earlier exchange.</summary>
public sealed record OAuthRefreshRequest(
    [property: JsonPropertyName("refresh_token")]
    [Display(Name = "refresh_token"), Required, StringLength(InputBounds.MaxTokenLength), RegularExpression(InputBounds.TokenCharacters, ErrorMessage = InputBounds.TokenCharactersMessage)]
    string RefreshToken);

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

/// <summary>The query of the authorize-url route: where WeChat sends the user back, what is asked, and what comes back with them.</summary>
/// <remarks>
/// Properties, not a positional record: the OpenAPI document fails on validation attributes of an [AsParameters]
/// record's constructor parameters (dotnet/aspnetcore#65348).
/// </remarks>
public sealed record AuthorizeUrlRequest
{
    [FromQuery(Name = "redirect_uri")]
    [Display(Name = "redirect_uri"), Required, StringLength(InputBounds.MaxUrlLength), AbsoluteHttpUrl]
    public string? RedirectUri { get; init; }

    [FromQuery(Name = "scope")]
    [Display(Name = "scope"), RegularExpression(InputBounds.Scope, ErrorMessage = InputBounds.ScopeMessage)]
    public string? Scope { get; init; }

    [FromQuery(Name = "state")]
    [Display(Name = "state"), StringLength(InputBounds.MaxStateLength), RegularExpression(InputBounds.State, ErrorMessage = InputBounds.StateMessage)]
    public string? State { get; init; }
}

public sealed record AuthorizeUrlAnswer([property: JsonPropertyName("url")] string Url);

/// <summary>The code of the user's <c>wx.login</c>.</summary>
public sealed record JsCodeRequest(
    [property: JsonPropertyName("js_code")]
    [Display(Name = "js_code"), Required, StringLength(InputBounds.MaxCodeLength), RegularExpression(InputBounds.TokenCharacters, ErrorMessage = InputBounds.TokenCharactersMessage)]
    string JsCode);

/// <summary>A mini-program user's session: the session key goes to the business service and is kept nowhere here.</summary>
public sealed record MiniProgramSession(
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("unionid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UnionId,
    [property: JsonPropertyName("session_key")] string SessionKey)
{
    public override string ToString() => $"{nameof(MiniProgramSession)} {{ OpenId = {OpenId} }}";
}

/// <summary>The page's URL, as its <c>location.href</c> has it; the part after <c>#</c> is not signed.</summary>
public sealed record JsSdkSignatureRequest(
    [property: JsonPropertyName("url")]
    [Display(Name = "url"), Required, StringLength(InputBounds.MaxUrlLength), AbsoluteHttpUrl]
    string Url);

/// <summary>The parameters of <c>wx.config</c> for one page URL.</summary>
public sealed record JsSdkConfig(
    [property: JsonPropertyName("app_id")] string AppId,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("nonce_str")] string NonceStr,
    [property: JsonPropertyName("signature")] string Signature);
