using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WeChat.Api;

namespace Sandbox.State;

public enum TokenKind
{
    Component,
    Authorizer,
    JsApiTicket,
    CardTicket,
}

public sealed class IssuedToken(string value, TokenKind kind, string componentAppId, string? authorizerAppId, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;

    public TokenKind Kind { get; } = kind;

    public string ComponentAppId { get; } = componentAppId;

    public string? AuthorizerAppId { get; } = authorizerAppId;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public DateTimeOffset ExpiresAt { get; internal set; } = expiresAt;

    /// <summary>A superseded token dies at the end of the grace period with 40001 ("not latest"), not 42001.</summary>
    public bool Superseded { get; internal set; }

    public bool Invalidated { get; internal set; }
}

/// <summary>
/// Issues and checks access tokens as WeChat does: a new token supersedes the previous one, which keeps working
/// for its kind's grace period (none unless WeChat documents one); an unknown or superseded token gets 40001, an expired one 42001.
/// </summary>
public sealed class TokenIssuer(TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IssuedToken> _byValue = new(StringComparer.Ordinal);
    private readonly Dictionary<(TokenKind, string, string?), IssuedToken> _current = [];
    private readonly Dictionary<(TokenKind, string, string?), int> _generation = [];

    public IssuedToken Issue(TokenKind kind, string componentAppId, string? authorizerAppId, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var key = (kind, componentAppId, authorizerAppId);
        lock (_lock)
        {
            if (_current.TryGetValue(key, out var previous) && !previous.Superseded)
            {
                previous.Superseded = true;
                var graceEnd = now + options.Value.GracePeriod(kind);
                if (previous.ExpiresAt > graceEnd)
                {
                    previous.ExpiresAt = graceEnd;
                }
            }

            var generation = _generation[key] = _generation.GetValueOrDefault(key) + 1;
            var token = new IssuedToken(NewValue(generation), kind, componentAppId, authorizerAppId, now, now + lifetime);
            _byValue[token.Value] = token;
            _current[key] = token;
            return token;
        }
    }

    /// <summary>Returns the token, or the errcode WeChat gives for it.</summary>
    public (IssuedToken? Token, int ErrorCode) Check(string? value, TokenKind expected)
    {
        if (string.IsNullOrEmpty(value))
        {
            return (null, WeChatErrorCodes.AccessTokenMissing);
        }

        lock (_lock)
        {
            if (!_byValue.TryGetValue(value, out var token) || token.Invalidated)
            {
                return (null, WeChatErrorCodes.InvalidCredential);
            }

            if (token.Kind != expected)
            {
                return (null, expected == TokenKind.Component ? WeChatErrorCodes.MustUseComponentToken : WeChatErrorCodes.InvalidCredential);
            }

            if (time.GetUtcNow() >= token.ExpiresAt)
            {
                return (null, token.Superseded ? WeChatErrorCodes.InvalidCredential : WeChatErrorCodes.AccessTokenExpired);
            }

            return (token, 0);
        }
    }

    public IssuedToken? Find(string value)
    {
        lock (_lock)
        {
            return _byValue.GetValueOrDefault(value);
        }
    }

    public IssuedToken? Current(TokenKind kind, string componentAppId, string? authorizerAppId)
    {
        lock (_lock)
        {
            return _current.GetValueOrDefault((kind, componentAppId, authorizerAppId));
        }
    }

    /// <summary>Makes a token expire now (callers then get 42001).</summary>
    public bool Expire(string value) => Update(value, t => t.ExpiresAt = time.GetUtcNow());

    /// <summary>Makes a token invalid now (callers then get 40001).</summary>
    public bool Invalidate(string value) => Update(value, t => t.Invalidated = true);

    /// <summary>Kills every token of an authorizer, as a revoked authorization does.</summary>
    public void InvalidateAuthorizer(string componentAppId, string authorizerAppId)
    {
        lock (_lock)
        {
            foreach (var token in _byValue.Values.Where(t => t.ComponentAppId == componentAppId && t.AuthorizerAppId == authorizerAppId))
            {
                token.Invalidated = true;
            }
        }
    }

    private bool Update(string value, Action<IssuedToken> change)
    {
        lock (_lock)
        {
            if (!_byValue.TryGetValue(value, out var token))
            {
                return false;
            }

            change(token);
            return true;
        }
    }

    private static string NewValue(int generation) =>
        $"{generation}_{RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 96)}";
}
