namespace Sandbox.State;

/// <summary>What a user approved for a platform acting for an official account, held by its OAuth refresh token.</summary>
public sealed class OAuthGrant(string refreshToken, string componentAppId, string authorizerAppId, SandboxUser user, string scope, DateTimeOffset expiresAt)
{
    public string RefreshToken { get; } = refreshToken;

    public string ComponentAppId { get; } = componentAppId;

    public string AuthorizerAppId { get; } = authorizerAppId;

    public SandboxUser User { get; } = user;

    public string Scope { get; } = scope;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;
}
