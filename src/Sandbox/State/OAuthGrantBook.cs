using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WeChat.Api;

namespace Sandbox.State;

/// <summary>Users' web-page OAuth grants: a refresh token lives 30 days and is handed back unchanged by each refresh.</summary>
public sealed class OAuthGrantBook(TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, OAuthGrant> _grants = new(StringComparer.Ordinal);

    public OAuthGrant Grant(string componentAppId, string authorizerAppId, SandboxUser user, string scope)
    {
        var grant = new OAuthGrant(NewToken(), componentAppId, authorizerAppId, user, scope, time.GetUtcNow() + options.Value.OAuthRefreshTokenLifetime);
        lock (_lock)
        {
            _grants[grant.RefreshToken] = grant;
        }

        return grant;
    }

    /// <summary>The grant of a refresh token: 40030 when unknown or another account's (or platform's), 42002 when expired.</summary>
    public (OAuthGrant? Grant, int ErrorCode) Find(string componentAppId, string authorizerAppId, string? refreshToken)
    {
        lock (_lock)
        {
            if (refreshToken is null || !_grants.TryGetValue(refreshToken, out var grant) ||
                grant.ComponentAppId != componentAppId || grant.AuthorizerAppId != authorizerAppId)
            {
                return (null, WeChatErrorCodes.InvalidOAuthRefreshToken);
            }

            return time.GetUtcNow() >= grant.ExpiresAt ? (null, WeChatErrorCodes.OAuthRefreshTokenExpired) : (grant, 0);
        }
    }

    /// <summary>A user access token; nothing in the sandbox accepts one yet, so it is handed out and not kept.</summary>
    public static string NewAccessToken() => NewToken();

    private static string NewToken() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 88);
}
