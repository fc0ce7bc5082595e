using WeChat.Api;
using WeChat.Api.Wire;

namespace Grains.Authorizer;

public sealed partial class AuthorizerGrain
{
    private async Task<AccessToken> RefreshAsync(string? rejectedToken)
    {
        if (await TokenLifecycle.BeforeCallingWeChatAsync(Store, time, Options, rejectedToken, "api_authorizer_token") is { } served)
        {
            return served;
        }

        EnsureServing();
        var now = time.GetUtcNow();
        var (componentAppId, authorizerAppId) = Key;
        var component = GrainFactory.GetGrain<IComponentGrain>(componentAppId);
        var componentToken = (await component.GetTokenAsync()).Value;
        Guid? claim;
        try
        {
            claim = await ClaimRefreshAsync(now, rejectedToken);
        }
        catch (PlatformException ex)
        {
            // A refresh whose new refresh token could not be stored must not begin: serve what is held meanwhile.
            return Token.CurrentOr(ex, rejectedToken);
        }

        if (claim is null)
        {
            // Another activation of this account (a duplicate, briefly, after a silo failed) wrote first: its token, or
            // the one held until its refresh is stored; should that never be, the refresh is due when its claim lapses.
            await ScheduleAsync();
            return Token.CurrentOr(RefreshingElsewhere(), rejectedToken);
        }

        var refreshToken = state.State.RefreshToken!;
        var previous = state.State.AccessToken is null ? TimeSpan.Zero : state.State.AccessTokenExpiresAt - now;
        AuthorizerTokenResponse response;
        try
        {
            response = await TokenRejection.RetriedOnceAsync(componentToken, CallAsync, component.RefreshIfCurrentAsync);
        }
        catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.RefreshTokenInvalid)
        {
            metrics.Failed(componentAppId, Kind, ex.ClassName());
            await ChangeStatusAsync(AuthorizerStatus.ReauthorizationRequired, AuthorizationEvent.ReauthorizationRequired, now, s => s.LastProblem = $"{now:u} WeChat refused the refresh token (61023)");
            LogStatus(logger, componentAppId, authorizerAppId, AuthorizerStatus.ReauthorizationRequired);
            throw Unavailable();
        }
        catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.AccountNotAuthorized)
        {
            // The account left (WeChat answers 61003 once it revoked; the unauthorized push may be late or lost):
            // recorded as the push would be, so the reminder stops and no refresh is attempted again.
            metrics.Failed(componentAppId, Kind, ex.ClassName());
            LogAccountLeft(logger, componentAppId, authorizerAppId);
            await ChangeStatusAsync(AuthorizerStatus.Unauthorized, AuthorizationEvent.Unauthorized, now, s =>
            {
                s.RevokedAt = now;
                s.LastProblem = $"{now:u} WeChat answered that the account no longer authorizes the platform (61003)";
            });
            LogStatus(logger, componentAppId, authorizerAppId, AuthorizerStatus.Unauthorized);
            throw Unavailable();
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed(componentAppId, Kind, ex.ClassName());
            LogWeChatFailed(logger, componentAppId, authorizerAppId, ex.ErrorCode, ex.Kind, ex.ErrorMessage);
            await ChangeAsync(s =>
            {
                s.RecordFailure(ex, now, Options);
                SettleClaim(s, claim);
            });
            return Token.CurrentOr(ex.ToUnavailable(Options, "authorizer_access_token"), rejectedToken);
        }

        var obtainedAt = time.GetUtcNow();
        try
        {
            await ChangeAsync(s =>
            {
                if (!s.StoreToken(response.AuthorizerAccessToken, response.ExpiresIn, obtainedAt, replacesRejected: rejectedToken is not null))
                {
                    return false;
                }

                // A rotated refresh token replaces the old one in the same write as the access token.
                s.RefreshToken = response.AuthorizerRefreshToken ?? s.RefreshToken;
                SettleClaim(s, claim);
                return true;
            });
        }
        catch (PlatformException ex)
        {
            // The new tokens are held in memory and saved as soon as the database answers; serve them meanwhile.
            LogNotSaved(logger, componentAppId, authorizerAppId, ex.Message);
        }

        metrics.Refreshed(componentAppId, Kind, previous);
        LogRefreshed(logger, componentAppId, authorizerAppId, state.State.AccessTokenExpiresAt, response.AuthorizerRefreshToken is not null && response.AuthorizerRefreshToken != refreshToken);
        await ScheduleAsync();
        return Token.Current();

        Task<AuthorizerTokenResponse> CallAsync(string token)
        {
            // A call begun in the first half of the claim's life ends (its timeouts and retries included) before
            // another activation may claim; later, this one gives way (the claim lapses and the token is due then).
            if (time.GetUtcNow() - now > Options.RefreshClaimLifetime / 2)
            {
                throw new PlatformException(PlatformProblem.WeChatUnavailable, "The refresh took too long to reach WeChat; it is tried again shortly.", Options.UnavailableRetryAfter);
            }

            return wechat.RefreshAuthorizerTokenAsync(token, componentAppId, authorizerAppId, refreshToken);
        }
    }

    /// <summary>
    /// Stores that this activation begins a refresh and returns its claim, unless the stored state (re-read after any
    /// conflict) no longer needs one or another activation's claim holds (null): two activations of one account never
    /// both ask WeChat. A claim that could not be stored is taken back, so no later write of this state saves it.
    /// </summary>
    private async Task<Guid?> ClaimRefreshAsync(DateTimeOffset now, string? rejectedToken)
    {
        var keep = rejectedToken is null ? Options.RefreshBefore : Options.MinimumValidity;
        var claim = Guid.NewGuid();
        (Guid?, DateTimeOffset?) replaced = default;
        try
        {
            var claimed = await Store.ClaimAsync(s =>
            {
                var heldElsewhere = s is { RefreshClaim: { } other, RefreshStartedAt: { } startedAt }
                    && other != _refreshClaim && now - startedAt < Options.RefreshClaimLifetime;
                if (s is not { Known: true, Status: AuthorizerStatus.Authorized } || heldElsewhere || s.Serves(now, keep, rejectedToken, Options))
                {
                    return false;
                }

                replaced = (s.RefreshClaim, s.RefreshStartedAt);
                (s.RefreshClaim, s.RefreshStartedAt) = (claim, now);
                return true;
            });
            if (!claimed)
            {
                return null;
            }

            _refreshClaim = claim;
            return claim;
        }
        catch (PlatformException)
        {
            if (state.State.RefreshClaim == claim)
            {
                (state.State.RefreshClaim, state.State.RefreshStartedAt) = replaced;
            }

            throw;
        }
    }

    /// <summary>This activation's claim ends with WeChat's answer; another's (which replaced a lapsed one) is not touched.</summary>
    private static void SettleClaim(AuthorizerState s, Guid? claim)
    {
        if (s.RefreshClaim == claim)
        {
            (s.RefreshClaim, s.RefreshStartedAt) = (null, null);
        }
    }

    private PlatformException RefreshingElsewhere() =>
        new(PlatformProblem.WeChatUnavailable, "Another activation of this account is refreshing its token; ask again shortly.", Options.UnavailableRetryAfter);
}
