using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WeChat.Api;

namespace Sandbox.State;

/// <summary>Web-page OAuth codes and wx.login codes: bound to their account, single use, five minutes.</summary>
public sealed class UserCodeBook(TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, UserCode> _codes = new(StringComparer.Ordinal);

    // Codes by expiry, so a sweep costs the codes it drops, not every live one (bench runs hold hundreds of thousands).
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();

    public UserCode Issue(UserCodeKind kind, string? componentAppId, string authorizerAppId, SandboxUser user, string? scope = null) =>
        Issue(kind, componentAppId, authorizerAppId, [user], scope)[0];

    /// <summary>One code for each of <paramref name="users"/>, in order (a user may appear more than once).</summary>
    public IReadOnlyList<UserCode> Issue(UserCodeKind kind, string? componentAppId, string authorizerAppId, IReadOnlyList<SandboxUser> users, string? scope = null)
    {
        var now = time.GetUtcNow();
        var lifetime = kind == UserCodeKind.OAuth ? options.Value.OAuthCodeLifetime : options.Value.JsCodeLifetime;
        var codes = users.Select(user => new UserCode(NewValue(), kind, componentAppId, authorizerAppId, user, scope, now + lifetime)).ToList();
        lock (_lock)
        {
            // A used code is kept until it expires, so that using it again says 40163 rather than 40029.
            while (_byExpiry.TryPeek(out var value, out var expiresAt) && expiresAt <= now)
            {
                _byExpiry.Dequeue();
                _codes.Remove(value);
            }

            foreach (var code in codes)
            {
                _codes[code.Value] = code;
                _byExpiry.Enqueue(code.Value, code.ExpiresAt);
            }
        }

        return codes;
    }

    /// <summary>
    /// Uses up a code: 40029 when it is unknown, expired or another account's (or another platform's) and 40163 when it
    /// was used. A code refused as another account's stays usable by its own.
    /// </summary>
    public (UserCode? Code, int ErrorCode) Consume(UserCodeKind kind, string componentAppId, string authorizerAppId, string? value)
    {
        lock (_lock)
        {
            if (value is null || !_codes.TryGetValue(value, out var code) || code.Kind != kind || code.AuthorizerAppId != authorizerAppId ||
                (code.ComponentAppId is not null && code.ComponentAppId != componentAppId) || time.GetUtcNow() >= code.ExpiresAt)
            {
                return (null, WeChatErrorCodes.InvalidUserCode);
            }

            if (code.Used)
            {
                return (null, WeChatErrorCodes.UserCodeUsed);
            }

            code.Used = true;
            return (code, 0);
        }
    }

    // Real codes are 32 letters and digits.
    private static string NewValue() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
}
