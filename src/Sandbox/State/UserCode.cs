namespace Sandbox.State;

/// <summary>A single-use code a user's WeChat hands out; <see cref="ComponentAppId"/> is null for a wx.login code.</summary>
public sealed class UserCode(string value, UserCodeKind kind, string? componentAppId, string authorizerAppId, SandboxUser user, string? scope, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;

    public UserCodeKind Kind { get; } = kind;

    public string? ComponentAppId { get; } = componentAppId;

    public string AuthorizerAppId { get; } = authorizerAppId;

    public SandboxUser User { get; } = user;

    /// <summary>The OAuth scope the user approved; null for a wx.login code.</summary>
    public string? Scope { get; } = scope;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public bool Used { get; internal set; }
}
