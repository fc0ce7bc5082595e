using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WeChat.Api;

namespace Sandbox.State;

public sealed record PreAuthCode(string Value, string ComponentAppId, DateTimeOffset ExpiresAt);

public sealed record AuthorizationCode(string Value, string ComponentAppId, string AuthorizerAppId, DateTimeOffset ExpiresAt);

/// <summary>Single-use pre_auth_codes and authorization codes.</summary>
public sealed class CodeBook(TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PreAuthCode> _preAuthCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizationCode> _authorizationCodes = new(StringComparer.Ordinal);

    public PreAuthCode CreatePreAuthCode(string componentAppId)
    {
        var code = new PreAuthCode("preauthcode@@@" + RandomValue(), componentAppId, time.GetUtcNow() + options.Value.PreAuthCodeLifetime);
        lock (_lock)
        {
            _preAuthCodes[code.Value] = code;
        }

        return code;
    }

    /// <summary>Null when the code is usable; otherwise why not, as WeChat's authorization page would say.</summary>
    public string? ProblemWithPreAuthCode(string componentAppId, string? value)
    {
        lock (_lock)
        {
            if (value is null || !_preAuthCodes.TryGetValue(value, out var code) || code.ComponentAppId != componentAppId)
            {
                return "pre_auth_code is invalid or has already been used";
            }

            return time.GetUtcNow() >= code.ExpiresAt ? "pre_auth_code has expired" : null;
        }
    }

    public bool TryConsumePreAuthCode(string componentAppId, string value)
    {
        lock (_lock)
        {
            return ProblemWithPreAuthCode(componentAppId, value) is null && _preAuthCodes.Remove(value);
        }
    }

    public AuthorizationCode CreateAuthorizationCode(string componentAppId, string authorizerAppId)
    {
        var code = new AuthorizationCode("queryauthcode@@@" + RandomValue(), componentAppId, authorizerAppId,
            time.GetUtcNow() + options.Value.AuthorizationCodeLifetime);
        lock (_lock)
        {
            _authorizationCodes[code.Value] = code;
        }

        return code;
    }

    /// <summary>Uses up an authorization code: 61009 when unknown or used, 61010 when expired.</summary>
    public (AuthorizationCode? Code, int ErrorCode) ConsumeAuthorizationCode(string componentAppId, string? value)
    {
        lock (_lock)
        {
            if (value is null || !_authorizationCodes.TryGetValue(value, out var code) || code.ComponentAppId != componentAppId)
            {
                return (null, WeChatErrorCodes.CodeInvalid);
            }

            if (time.GetUtcNow() >= code.ExpiresAt)
            {
                return (null, WeChatErrorCodes.CodeExpired);
            }

            _authorizationCodes.Remove(value);
            return (code, 0);
        }
    }

    private static string RandomValue() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 64);
}
