using WeChat.Api;
using WeChat.Api.Wire;

namespace Grains.Authorizer;

public sealed partial class AuthorizerGrain
{
    private async Task<AccessToken> RefreshAsync(string? rejectedToken)
    {
        // During membership changes another activation may have refreshed already: what is stored wins if good.
        // Without the database no refresh starts: a rotated refresh token must be stored before anything else.
        try
        {
            await Store.ReloadAsync();
        }
        catch (TokenUnavailableException ex)
        {
            return ServeCurrentOr(ex, rejectedToken);
        }

        EnsureServing();
        var keep = rejectedToken is null ? Options.RefreshBefore : Options.MinimumValidity;
        if (HasValidToken(keep) && state.State.AccessToken != rejectedToken)
        {
            return CurrentToken();
        }

        var now = time.GetUtcNow();
        if (state.State.QuotaBackoffUntil is { } until && until > now)
        {
            return ServeCurrentOr(new TokenUnavailableException(TokenProblem.QuotaExhausted,
                "WeChat's quota for api_authorizer_token is used up; calls resume after the back-off.", until - now), rejectedToken);
        }

        var (componentAppId, authorizerAppId) = Key;
        var component = GrainFactory.GetGrain<IComponentGrain>(componentAppId);
        var componentToken = (await component.GetTokenAsync()).Value;
        var refreshToken = state.State.RefreshToken!;
        var previous = state.State.AccessToken is null ? TimeSpan.Zero : state.State.AccessTokenExpiresAt - now;
        AuthorizerTokenResponse response;
        try
        {
            try
            {
                response = await CallAsync(componentToken);
            }
            catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.TokenRejected)
            {
                response = await CallAsync((await component.RefreshIfCurrentAsync(componentToken)).Value);
            }
        }
        catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.RefreshTokenInvalid)
        {
            metrics.Failed(componentAppId, Kind, ex.ClassName());
            await ChangeStatusAsync(AuthorizerStatus.ReauthorizationRequired, s => s.LastProblem = $"{now:u} WeChat refused the refresh token (61023)");
            LogStatus(logger, componentAppId, authorizerAppId, AuthorizerStatus.ReauthorizationRequired);
            throw Unavailable();
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed(componentAppId, Kind, ex.ClassName());
            LogWeChatFailed(logger, componentAppId, authorizerAppId, ex.ErrorCode, ex.Kind, ex.ErrorMessage);
            await ChangeAsync(s => s.RecordFailure(ex, now, Options));
            return ServeCurrentOr(ex.ToUnavailable(Options, "authorizer_access_token"), rejectedToken);
        }

        var obtainedAt = time.GetUtcNow();
        try
        {
            await ChangeAsync(s =>
            {
                if (!s.StoreToken(response.AuthorizerAccessToken, response.ExpiresIn, obtainedAt))
                {
                    return false;
                }

                // A rotated refresh token replaces the old one in the same write as the access token.
                s.RefreshToken = response.AuthorizerRefreshToken ?? s.RefreshToken;
                return true;
            });
        }
        catch (TokenUnavailableException ex)
        {
            // The new tokens are held in memory and saved as soon as the database answers; serve them meanwhile.
            LogNotSaved(logger, componentAppId, authorizerAppId, ex.Message);
        }

        metrics.Refreshed(componentAppId, Kind, previous);
        LogRefreshed(logger, componentAppId, authorizerAppId, state.State.AccessTokenExpiresAt, response.AuthorizerRefreshToken is not null && response.AuthorizerRefreshToken != refreshToken);
        await ScheduleAsync();
        return CurrentToken();

        Task<AuthorizerTokenResponse> CallAsync(string token) =>
            wechat.RefreshAuthorizerTokenAsync(token, componentAppId, authorizerAppId, refreshToken);
    }

    /// <summary>Keeps serving the current token while it is valid, unless it is the very token WeChat rejected.</summary>
    private AccessToken ServeCurrentOr(TokenUnavailableException problem, string? rejectedToken) =>
        HasValidToken(Options.MinimumValidity) && state.State.AccessToken != rejectedToken ? CurrentToken() : throw problem;

    private bool HasValidToken(TimeSpan atLeast) => state.State.HasTokenValidFor(time.GetUtcNow(), atLeast);

    private AccessToken CurrentToken() => state.State.CurrentToken();
}
