using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using WeChat.Api;
using WeChat.Api.Wire;

namespace Grains.Authorizer;

/// <summary>
/// One authorized account of one platform: keeps its refresh token safe and its authorizer_access_token fresh.
/// Non-reentrant, so a refresh never interleaves with anything: callers queue behind it and get its result.
/// Idle grains deactivate; the reminder brings them back when a refresh is due.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed partial class AuthorizerGrain(
    [PersistentState("authorizer", StorageNames.Tokens)] IPersistentState<AuthorizerState> state,
    IComponentApi wechat,
    IOptions<TokenLifecycleOptions> lifecycle,
    [FromKeyedServices(TokenClock.Key)] TimeProvider time,
    TokenMetrics metrics,
    ILogger<AuthorizerGrain> logger) : Grain, IAuthorizerGrain, IRemindable
{
    private const string ReminderName = "authorizer-token";
    private const string Kind = "authorizer";

    private DurableState<AuthorizerState>? _store;

    private DurableState<AuthorizerState> Store => _store ??= new(state, this);

    private (string ComponentAppId, string AuthorizerAppId) Key => AuthorizerKey.Parse(this.GetPrimaryKeyString());

    private TokenLifecycleOptions Options => lifecycle.Value;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Store.FlushAsync();

    public async Task<AuthorizerSummary> AcceptGrantAsync(AuthorizerGrant grant)
    {
        var now = time.GetUtcNow();
        var wasAuthorized = state.State is { Known: true, Status: AuthorizerStatus.Authorized };

        // The refresh token and any access token obtained with it go to storage in one write, before anyone sees either.
        await Store.WriteAsync(s =>
        {
            s.Known = true;
            s.Status = AuthorizerStatus.Authorized;
            s.RefreshToken = grant.RefreshToken;
            s.PermissionSets = [.. grant.PermissionSets];
            s.Profile = grant.Profile ?? s.Profile;
            s.AuthorizedAt = now;
            s.RevokedAt = null;
            s.LastProblem = null;
            s.QuotaBackoffUntil = null;
            if (grant.AccessToken is { } token)
            {
                s.AccessToken = token.Value;
                s.AccessTokenExpiresAt = token.ExpiresAt;
                s.AccessTokenObtainedAt = now;
            }

            return true;
        });

        if (!wasAuthorized)
        {
            metrics.StatusChanged(AuthorizerStatus.Authorized);
        }

        await this.RegisterOrUpdateReminder(ReminderName, Options.ReminderPeriod, Options.ReminderPeriod);
        return Summary();
    }

    public async Task<AccessToken> GetTokenAsync()
    {
        EnsureServing();
        return HasValidToken(Options.MinimumValidity) ? CurrentToken() : await RefreshAsync(rejectedToken: null);
    }

    public async Task<AccessToken> RefreshIfCurrentAsync(string rejectedToken)
    {
        EnsureServing();
        return state.State.AccessToken != rejectedToken && HasValidToken(Options.MinimumValidity)
            ? CurrentToken()
            : await RefreshAsync(rejectedToken);
    }

    public async Task RevokeAsync(DateTimeOffset revokedAt)
    {
        if (!state.State.Known)
        {
            DeactivateOnIdle();
            return;
        }

        await ChangeStatusAsync(AuthorizerStatus.Unauthorized, s => s.RevokedAt = revokedAt);
        LogStatus(logger, Key.ComponentAppId, Key.AuthorizerAppId, AuthorizerStatus.Unauthorized);
    }

    public async Task<bool> RestoreRefreshTokenAsync(string refreshToken)
    {
        if (state.State is { Known: true, Status: AuthorizerStatus.Authorized } && state.State.RefreshToken == refreshToken)
        {
            return false;
        }

        var wasAuthorized = state.State is { Known: true, Status: AuthorizerStatus.Authorized };
        await Store.WriteAsync(s =>
        {
            s.Known = true;
            s.Status = AuthorizerStatus.Authorized;
            s.RefreshToken = refreshToken;
            s.AuthorizedAt ??= time.GetUtcNow();
            s.LastProblem = null;
            return true;
        });
        if (!wasAuthorized)
        {
            metrics.StatusChanged(AuthorizerStatus.Authorized);
        }

        await this.RegisterOrUpdateReminder(ReminderName, Options.ReminderPeriod, Options.ReminderPeriod);
        LogRestored(logger, Key.ComponentAppId, Key.AuthorizerAppId);
        return true;
    }

    public Task<AuthorizerSummary> GetSummaryAsync() => Task.FromResult(Summary());

    public async Task<AccessToken> GetJsApiTicketAsync()
    {
        EnsureServing();
        return HasValidJsApiTicket(Options.MinimumValidity) ? CurrentJsApiTicket() : await RefreshJsApiTicketAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State is not { Known: true, Status: AuthorizerStatus.Authorized })
        {
            await StopReminderAsync();
            return;
        }

        try
        {
            if (!HasValidToken(Options.RefreshBefore))
            {
                await RefreshAsync(rejectedToken: null);
            }

            // A ticket someone asked for once is kept fresh the same way, so JS-SDK pages never wait on WeChat.
            if (state.State.JsApiTicket is not null && !HasValidJsApiTicket(Options.RefreshBefore))
            {
                await RefreshJsApiTicketAsync();
            }
        }
        catch (TokenUnavailableException ex)
        {
            LogRefreshFailed(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.Problem, ex.Message);
        }
    }

    private async Task<AccessToken> RefreshJsApiTicketAsync()
    {
        var token = await GetTokenAsync();
        JsApiTicketResponse response;
        try
        {
            try
            {
                response = await wechat.GetJsApiTicketAsync(token.Value);
            }
            catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.TokenRejected)
            {
                response = await wechat.GetJsApiTicketAsync((await RefreshIfCurrentAsync(token.Value)).Value);
            }
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed("jsapi_ticket", ex.ClassName());
            LogWeChatFailed(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.ErrorCode, ex.Kind, ex.ErrorMessage);
            return HasValidJsApiTicket(Options.MinimumValidity) ? CurrentJsApiTicket() : throw ex.ToUnavailable(Options, "jsapi_ticket");
        }

        var obtainedAt = time.GetUtcNow();
        try
        {
            await Store.WriteAsync(s =>
            {
                s.JsApiTicket = response.Ticket;
                s.JsApiTicketExpiresAt = obtainedAt.AddSeconds(response.ExpiresIn);
                return true;
            });
        }
        catch (TokenUnavailableException ex)
        {
            LogNotSaved(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.Message);
        }

        metrics.Refreshed("jsapi_ticket", TimeSpan.Zero);
        return CurrentJsApiTicket();
    }

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
            metrics.Failed(Kind, ex.ClassName());
            await ChangeStatusAsync(AuthorizerStatus.ReauthorizationRequired, s => s.LastProblem = $"{now:u} WeChat refused the refresh token (61023)");
            LogStatus(logger, componentAppId, authorizerAppId, AuthorizerStatus.ReauthorizationRequired);
            throw Unavailable();
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed(Kind, ex.ClassName());
            LogWeChatFailed(logger, componentAppId, authorizerAppId, ex.ErrorCode, ex.Kind, ex.ErrorMessage);
            await Store.WriteAsync(s =>
            {
                s.RecordFailure(ex, now, Options);
                return true;
            });
            return ServeCurrentOr(ex.ToUnavailable(Options, "authorizer_access_token"), rejectedToken);
        }

        var obtainedAt = time.GetUtcNow();
        try
        {
            await Store.WriteAsync(s =>
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
        metrics.Refreshed(Kind, previous);
        LogRefreshed(logger, componentAppId, authorizerAppId, state.State.AccessTokenExpiresAt, response.AuthorizerRefreshToken is not null && response.AuthorizerRefreshToken != refreshToken);
        return CurrentToken();

        Task<AuthorizerTokenResponse> CallAsync(string token) =>
            wechat.RefreshAuthorizerTokenAsync(token, componentAppId, authorizerAppId, refreshToken);
    }

    private async Task ChangeStatusAsync(AuthorizerStatus status, Action<AuthorizerState> also)
    {
        await Store.WriteAsync(s =>
        {
            s.Status = status;
            s.AccessToken = null;
            s.JsApiTicket = null;
            also(s);
            return true;
        });
        metrics.StatusChanged(status);
        await StopReminderAsync();
    }

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void EnsureServing()
    {
        if (!state.State.Known)
        {
            DeactivateOnIdle();
            throw new TokenUnavailableException(TokenProblem.UnknownAuthorizer,
                $"{Key.AuthorizerAppId} has not authorized the platform {Key.ComponentAppId}.");
        }

        if (state.State.Status != AuthorizerStatus.Authorized)
        {
            throw Unavailable();
        }
    }

    private TokenUnavailableException Unavailable() => state.State.Status == AuthorizerStatus.Unauthorized
        ? new TokenUnavailableException(TokenProblem.Unauthorized, $"{Key.AuthorizerAppId} revoked its authorization of {Key.ComponentAppId}.")
        : new TokenUnavailableException(TokenProblem.ReauthorizationRequired,
            $"WeChat refused the refresh token of {Key.AuthorizerAppId}; the account must authorize {Key.ComponentAppId} again.");

    /// <summary>Keeps serving the current token while it is valid, unless it is the very token WeChat rejected.</summary>
    private AccessToken ServeCurrentOr(TokenUnavailableException problem, string? rejectedToken) =>
        HasValidToken(Options.MinimumValidity) && state.State.AccessToken != rejectedToken ? CurrentToken() : throw problem;

    private bool HasValidToken(TimeSpan atLeast) => state.State.HasTokenValidFor(time.GetUtcNow(), atLeast);

    private AccessToken CurrentToken() => state.State.CurrentToken();

    private bool HasValidJsApiTicket(TimeSpan atLeast) =>
        state.State.JsApiTicket is not null && state.State.JsApiTicketExpiresAt - time.GetUtcNow() >= atLeast;

    private AccessToken CurrentJsApiTicket() => new(state.State.JsApiTicket!, state.State.JsApiTicketExpiresAt);

    private AuthorizerSummary Summary() => new(
        Key.ComponentAppId,
        Key.AuthorizerAppId,
        state.State.Status,
        state.State.AccessToken is null ? null : state.State.AccessTokenExpiresAt,
        state.State.PermissionSets,
        state.State.Profile,
        state.State.LastProblem,
        state.State.QuotaBackoffUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: token refreshed, valid until {ExpiresAt:u} (refresh token rotated: {Rotated})")]
    private static partial void LogRefreshed(ILogger logger, string componentAppId, string authorizerAppId, DateTimeOffset expiresAt, bool rotated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: WeChat call failed with errcode {ErrorCode} ({Kind}): {ErrorMessage}")]
    private static partial void LogWeChatFailed(ILogger logger, string componentAppId, string authorizerAppId, int? errorCode, WeChatErrorKind kind, string errorMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: scheduled refresh failed ({Problem}): {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string componentAppId, string authorizerAppId, TokenProblem problem, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: status is now {Status}")]
    private static partial void LogStatus(ILogger logger, string componentAppId, string authorizerAppId, AuthorizerStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: refreshed tokens not saved yet, retrying: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, string componentAppId, string authorizerAppId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: refresh token restored from WeChat's authorizer list")]
    private static partial void LogRestored(ILogger logger, string componentAppId, string authorizerAppId);
}
