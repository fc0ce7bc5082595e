using Grains.Index;
using WeChat.Api;

namespace Grains.Component;

public sealed partial class ComponentGrain
{
    public async Task<AuthorizerSummary> CompleteAuthorizationAsync(string authorizationCode)
    {
        Credentials();
        if (_exchanges.TryGetValue(authorizationCode, out var running))
        {
            return await running;
        }

        var exchange = ExchangeOnceAsync(authorizationCode);
        _exchanges[authorizationCode] = exchange;
        try
        {
            return await exchange;
        }
        finally
        {
            _exchanges.Remove(authorizationCode);
        }
    }

    public async Task RevokeAuthorizationAsync(string authorizerAppId, DateTimeOffset revokedAt)
    {
        Credentials();
        await Authorizer(authorizerAppId).RevokeAsync(revokedAt);
        Remember(new RecentAuthorization(authorizerAppId, AuthorizationEvent.Unauthorized, [], revokedAt));
        LogRevoked(logger, AppId, authorizerAppId);
    }

    /// <summary>A code the redirect and the authorized event both carry is exchanged once, whichever comes first.</summary>
    private async Task<AuthorizerSummary> ExchangeOnceAsync(string authorizationCode)
    {
        await Task.Yield();
        if (await exchangedCodes.FindAsync(AppId, authorizationCode) is { } exchangedFor)
        {
            return await Authorizer(exchangedFor).GetSummaryAsync();
        }

        var authorization = (await CallWithTokenAsync(t => wechat.QueryAuthAsync(t, AppId, authorizationCode), "authorization code",
            codeRejected: true)).AuthorizationInfo;
        if (authorization.AuthorizerRefreshToken is not { Length: > 0 } refreshToken)
        {
            throw new PlatformException(PlatformProblem.WeChatRefused,
                $"The account {authorization.AuthorizerAppId} granted no API permission, so WeChat issued no refresh token.");
        }

        var now = time.GetUtcNow();
        var accessToken = authorization.AuthorizerAccessToken is { } value && authorization.ExpiresIn is { } expiresIn
            ? new AccessToken(value, now.AddSeconds(expiresIn))
            : null;
        var grant = new AuthorizerGrant(authorization.AuthorizerAppId, refreshToken, accessToken,
            authorization.PermissionSetIds, await TryGetProfileAsync(authorization.AuthorizerAppId));

        var summary = await Authorizer(authorization.AuthorizerAppId).AcceptGrantAsync(grant);
        await RecordExchangedAsync(authorizationCode, authorization.AuthorizerAppId, now);
        Remember(new RecentAuthorization(authorization.AuthorizerAppId, AuthorizationEvent.Authorized, authorization.PermissionSetIds, now));
        LogAuthorized(logger, AppId, authorization.AuthorizerAppId, string.Join(',', authorization.PermissionSetIds));
        return summary;
    }

    private void Remember(RecentAuthorization authorization)
    {
        _recentAuthorizations.Enqueue(authorization);
        while (_recentAuthorizations.Count > RecentAuthorizationsKept)
        {
            _recentAuthorizations.Dequeue();
        }
    }

    private async Task RecordExchangedAsync(string authorizationCode, string authorizerAppId, DateTimeOffset exchangedAt)
    {
        try
        {
            await exchangedCodes.RecordAsync(AppId, authorizationCode, authorizerAppId, exchangedAt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The grant is stored; a later repeat of this code is refused by WeChat as used, which changes nothing.
            LogCodeNotRecorded(logger, AppId, authorizerAppId, ex.GetType().Name);
        }
    }

    private async Task<AccountProfile?> TryGetProfileAsync(string authorizerAppId)
    {
        try
        {
            var info = (await CallWithTokenAsync(t => wechat.GetAuthorizerInfoAsync(t, AppId, authorizerAppId), "authorizer info")).AuthorizerInfo;
            return new AccountProfile(info.NickName, info.UserName, info.PrincipalName, info.IsMiniProgram, info.HeadImage);
        }
        catch (PlatformException ex)
        {
            // The profile is a convenience: the grant must not fail for it.
            LogProfileUnavailable(logger, AppId, authorizerAppId, ex.Message);
            return null;
        }
    }
}
