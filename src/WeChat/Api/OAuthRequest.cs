namespace WeChat.Api;

/// <summary>What a web-page OAuth link asks of a user, on behalf of the official account <see cref="AuthorizerAppId"/>.</summary>
public sealed record OAuthRequest(
    string ComponentAppId,
    string AuthorizerAppId,
    string RedirectUri,
    string Scope = OAuthScopes.Base,
    string? State = null);
