using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Sandbox.State;

public sealed class Authorization(string componentAppId, string authorizerAppId)
{
    public string ComponentAppId { get; } = componentAppId;

    public string AuthorizerAppId { get; } = authorizerAppId;

    public string RefreshToken { get; internal set; } = "";

    /// <summary>The refresh token replaced last, usable until <see cref="PreviousRefreshTokenValidUntil"/>.</summary>
    public string? PreviousRefreshToken { get; internal set; }

    public DateTimeOffset PreviousRefreshTokenValidUntil { get; internal set; }

    public IReadOnlyList<int> PermissionSets { get; internal set; } = [];

    public DateTimeOffset AuthorizedAt { get; internal set; }

    public bool Active { get; internal set; }

    /// <summary>False until api_query_auth ran: api_get_authorizer_list then omits refresh_token.</summary>
    public bool Exchanged { get; internal set; }

    /// <summary>Set by the control API: the next api_authorizer_token hands out a new refresh token.</summary>
    public bool RotateOnNextRefresh { get; internal set; }
}

/// <summary>Which accounts authorized which platforms, with their refresh tokens.</summary>
public sealed class AuthorizationBook(TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), Authorization> _authorizations = [];

    /// <summary>Records an approval; an already active authorization is an update (updateauthorized).</summary>
    public (Authorization Authorization, bool IsUpdate) Authorize(string componentAppId, string authorizerAppId, IReadOnlyList<int> permissionSets)
    {
        lock (_lock)
        {
            if (!_authorizations.TryGetValue((componentAppId, authorizerAppId), out var authorization))
            {
                authorization = new Authorization(componentAppId, authorizerAppId);
                _authorizations[(componentAppId, authorizerAppId)] = authorization;
            }

            var isUpdate = authorization.Active;
            if (isUpdate)
            {
                Rotate(authorization);
            }
            else
            {
                authorization.RefreshToken = NewRefreshToken();
                authorization.PreviousRefreshToken = null;
            }

            authorization.Active = true;
            authorization.Exchanged = false;
            authorization.PermissionSets = permissionSets;
            authorization.AuthorizedAt = time.GetUtcNow();
            return (authorization, isUpdate);
        }
    }

    public Authorization? Find(string componentAppId, string authorizerAppId)
    {
        lock (_lock)
        {
            return _authorizations.GetValueOrDefault((componentAppId, authorizerAppId));
        }
    }

    public IReadOnlyList<Authorization> Active(string componentAppId)
    {
        lock (_lock)
        {
            return _authorizations.Values
                .Where(a => a.ComponentAppId == componentAppId && a.Active)
                .OrderBy(a => a.AuthorizedAt)
                .ThenBy(a => a.AuthorizerAppId, StringComparer.Ordinal)
                .ToList();
        }
    }

    public void MarkExchanged(Authorization authorization)
    {
        lock (_lock)
        {
            authorization.Exchanged = true;
        }
    }

    /// <summary>Checks a refresh token for api_authorizer_token and returns the one to hand back (rotated on request).</summary>
    public string? UseRefreshToken(string componentAppId, string authorizerAppId, string? refreshToken)
    {
        lock (_lock)
        {
            if (refreshToken is null || !_authorizations.TryGetValue((componentAppId, authorizerAppId), out var authorization) || !authorization.Active)
            {
                return null;
            }

            var current = refreshToken == authorization.RefreshToken;
            var previous = refreshToken == authorization.PreviousRefreshToken && time.GetUtcNow() < authorization.PreviousRefreshTokenValidUntil;
            if (!current && !previous)
            {
                return null;
            }

            if (authorization.RotateOnNextRefresh)
            {
                authorization.RotateOnNextRefresh = false;
                Rotate(authorization);
            }

            return authorization.RefreshToken;
        }
    }

    public bool Revoke(string componentAppId, string authorizerAppId) =>
        Change(componentAppId, authorizerAppId, a =>
        {
            a.Active = false;
            a.PreviousRefreshToken = null;
        });

    /// <summary>WeChat refuses the refresh token from now on (61023), as after a damaged authorization.</summary>
    public bool InvalidateRefreshToken(string componentAppId, string authorizerAppId) =>
        Change(componentAppId, authorizerAppId, a =>
        {
            a.RefreshToken = NewRefreshToken();
            a.PreviousRefreshToken = null;
        });

    public bool RotateOnNextRefresh(string componentAppId, string authorizerAppId) =>
        Change(componentAppId, authorizerAppId, a => a.RotateOnNextRefresh = true);

    private bool Change(string componentAppId, string authorizerAppId, Action<Authorization> change)
    {
        lock (_lock)
        {
            if (!_authorizations.TryGetValue((componentAppId, authorizerAppId), out var authorization))
            {
                return false;
            }

            change(authorization);
            return true;
        }
    }

    private void Rotate(Authorization authorization)
    {
        authorization.PreviousRefreshToken = authorization.RefreshToken;
        authorization.PreviousRefreshTokenValidUntil = time.GetUtcNow() + options.Value.RefreshTokenGracePeriod;
        authorization.RefreshToken = NewRefreshToken();
    }

    private static string NewRefreshToken() =>
        "refreshtoken@@@" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43);
}
