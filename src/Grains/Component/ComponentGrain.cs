using Orleans.Concurrency;
using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.Api;
using WeChat.Options;

namespace Grains.Component;

/// <summary>
/// One third-party platform: records tickets, owns the component_access_token, creates pre_auth_codes, exchanges
/// authorization codes and keeps the set of its authorizers. A reminder wakes it to refresh before expiry.
/// </summary>
// Reentrant because authorizer grains call GetTokenAsync while this grain awaits them (exchanging a code), and a
// token request must be able to wait for a ticket push that arrives through RecordTicketAsync. Refreshes still
// never overlap: concurrent callers share the single in-flight refresh, and state writes are serialized.
[Reentrant]
public sealed partial class ComponentGrain(
    [PersistentState("component", StorageNames.Tokens)] IPersistentState<ComponentState> state,
    IComponentApi wechat,
    IOptions<WeChatOptions> wechatOptions,
    IOptions<TokenLifecycleOptions> lifecycle,
    [FromKeyedServices(TokenClock.Key)] TimeProvider time,
    TokenMetrics metrics,
    ILogger<ComponentGrain> logger) : Grain, IComponentGrain, IRemindable
{
    private const string ReminderName = "component-token";
    private const string Kind = "component";

    private readonly Dictionary<string, Task<AuthorizerSummary>> _exchanges = new(StringComparer.Ordinal);
    private Task<AccessToken>? _refresh;
    private TaskCompletionSource? _ticketArrived;

    private DurableState<ComponentState>? _store;

    private DurableState<ComponentState> Store => _store ??= new(state, this);

    private string AppId => this.GetPrimaryKeyString();

    private TokenLifecycleOptions Options => lifecycle.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (wechatOptions.Value.FindComponent(AppId) is null)
        {
            return;
        }

        await this.RegisterOrUpdateReminder(ReminderName, Options.ReminderPeriod, Options.ReminderPeriod);
        if (!HasFreshTicket())
        {
            await RequestTicketPushAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Store.FlushAsync();

    public async Task RecordTicketAsync(string ticket, DateTimeOffset pushedAt)
    {
        Credentials();
        await WriteAsync(s =>
        {
            if (s.TicketReceivedAt is { } received && received > pushedAt)
            {
                return false;
            }

            s.Ticket = ticket;
            s.TicketReceivedAt = pushedAt;
            return true;
        });
        LogTicketRecorded(logger, AppId, pushedAt);
        _ticketArrived?.TrySetResult();

        if (!HasValidToken(Options.MinimumValidity) && _refresh is null)
        {
            _ = RefreshInBackgroundAsync();
        }
    }

    public async Task<AccessToken> GetTokenAsync()
    {
        Credentials();
        return HasValidToken(Options.MinimumValidity) ? CurrentToken() : await RefreshOnceAsync(rejectedToken: null);
    }

    public async Task<AccessToken> RefreshIfCurrentAsync(string rejectedToken)
    {
        Credentials();
        return state.State.AccessToken != rejectedToken && HasValidToken(Options.MinimumValidity)
            ? CurrentToken()
            : await RefreshOnceAsync(rejectedToken);
    }

    public async Task<PreAuthCode> CreatePreAuthCodeAsync()
    {
        Credentials();
        var response = await CallWithTokenAsync(token => wechat.CreatePreAuthCodeAsync(token, AppId), "pre_auth_code");
        return new PreAuthCode(response.PreAuthCode, time.GetUtcNow().AddSeconds(response.ExpiresIn));
    }

    public async Task<AuthorizerSummary> CompleteAuthorizationAsync(string authorizationCode)
    {
        Credentials();
        if (state.State.ExchangedCodes.TryGetValue(authorizationCode, out var exchanged))
        {
            return await Authorizer(exchanged.AuthorizerAppId).GetSummaryAsync();
        }

        if (_exchanges.TryGetValue(authorizationCode, out var running))
        {
            return await running;
        }

        var exchange = ExchangeAsync(authorizationCode);
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
        await WriteAsync(s => s.Authorizers.Add(authorizerAppId));
        LogRevoked(logger, AppId, authorizerAppId);
    }

    public async Task<IReadOnlyList<AuthorizerSummary>> ListAuthorizersAsync()
    {
        Credentials();
        var summaries = new List<AuthorizerSummary>(state.State.Authorizers.Count);
        foreach (var batch in state.State.Authorizers.Order(StringComparer.Ordinal).Chunk(256))
        {
            summaries.AddRange(await Task.WhenAll(batch.Select(id => Authorizer(id).GetSummaryAsync())));
        }

        return summaries;
    }

    public async Task<int> RestoreRefreshTokensAsync()
    {
        Credentials();
        var token = (await GetTokenAsync()).Value;
        var restored = 0;
        var seen = new List<string>();
        await foreach (var item in wechat.ListAllAuthorizersAsync(token, AppId))
        {
            seen.Add(item.AuthorizerAppId);
            if (item.RefreshToken is null)
            {
                LogNoRefreshTokenToRestore(logger, AppId, item.AuthorizerAppId);
                continue;
            }

            if (await Authorizer(item.AuthorizerAppId).RestoreRefreshTokenAsync(item.RefreshToken))
            {
                restored++;
            }
        }

        await WriteAsync(s =>
        {
            var before = s.Authorizers.Count;
            s.Authorizers.UnionWith(seen);
            return s.Authorizers.Count != before;
        });
        LogRestored(logger, AppId, restored, seen.Count);
        return restored;
    }

    public Task<ComponentStatus> GetStatusAsync() => Task.FromResult(new ComponentStatus(
        AppId,
        state.State.TicketReceivedAt,
        state.State.AccessToken is null ? null : state.State.AccessTokenExpiresAt,
        state.State.Authorizers.Count,
        state.State.LastProblem));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (wechatOptions.Value.FindComponent(AppId) is null)
        {
            await this.UnregisterReminder(await this.GetReminder(reminderName) ?? throw new InvalidOperationException("The ticking reminder is gone."));
            return;
        }

        if (!HasFreshTicket())
        {
            await RequestTicketPushAsync();
        }

        var due = state.State.Ticket is not null && !HasValidToken(Options.RefreshBefore);
        if (due && _refresh is null)
        {
            await RefreshInBackgroundAsync();
        }
    }

    private async Task<AuthorizerSummary> ExchangeAsync(string authorizationCode)
    {
        var authorization = (await CallWithTokenAsync(t => wechat.QueryAuthAsync(t, AppId, authorizationCode), "authorization code",
            codeRejected: true)).AuthorizationInfo;
        if (authorization.AuthorizerRefreshToken is not { Length: > 0 } refreshToken)
        {
            throw new TokenUnavailableException(TokenProblem.WeChatRefused,
                $"The account {authorization.AuthorizerAppId} granted no API permission, so WeChat issued no refresh token.");
        }

        var now = time.GetUtcNow();
        var accessToken = authorization.AuthorizerAccessToken is { } value && authorization.ExpiresIn is { } expiresIn
            ? new AccessToken(value, now.AddSeconds(expiresIn))
            : null;
        var grant = new AuthorizerGrant(authorization.AuthorizerAppId, refreshToken, accessToken,
            authorization.PermissionSetIds, await TryGetProfileAsync(authorization.AuthorizerAppId));

        var summary = await Authorizer(authorization.AuthorizerAppId).AcceptGrantAsync(grant);
        await WriteAsync(s =>
        {
            s.Authorizers.Add(authorization.AuthorizerAppId);
            s.ExchangedCodes[authorizationCode] = new ExchangedCode(authorization.AuthorizerAppId, now);
            foreach (var old in s.ExchangedCodes.Where(c => c.Value.ExchangedAt < now.AddDays(-1)).Select(c => c.Key).ToList())
            {
                s.ExchangedCodes.Remove(old);
            }

            return true;
        });
        LogAuthorized(logger, AppId, authorization.AuthorizerAppId, string.Join(',', authorization.PermissionSetIds));
        return summary;
    }

    private async Task<AccountProfile?> TryGetProfileAsync(string authorizerAppId)
    {
        try
        {
            var info = (await CallWithTokenAsync(t => wechat.GetAuthorizerInfoAsync(t, AppId, authorizerAppId), "authorizer info")).AuthorizerInfo;
            return new AccountProfile(info.NickName, info.UserName, info.PrincipalName, info.IsMiniProgram, info.HeadImage);
        }
        catch (TokenUnavailableException ex)
        {
            // The profile is a convenience: the grant must not fail for it.
            LogProfileUnavailable(logger, AppId, authorizerAppId, ex.Message);
            return null;
        }
    }

    /// <summary>Calls a component API with the current token; a token WeChat rejects is refreshed and the call retried once.</summary>
    private async Task<T> CallWithTokenAsync<T>(Func<string, Task<T>> call, string what, bool codeRejected = false)
    {
        var token = (await GetTokenAsync()).Value;
        try
        {
            try
            {
                return await call(token);
            }
            catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.TokenRejected)
            {
                return await call((await RefreshIfCurrentAsync(token)).Value);
            }
        }
        catch (WeChatApiException ex) when (codeRejected && ex.ErrorCode is WeChatErrorCodes.CodeInvalid or WeChatErrorCodes.CodeExpired)
        {
            throw new TokenUnavailableException(TokenProblem.AuthorizationCodeRejected,
                $"WeChat refused the authorization code ({ex.ErrorCode}): it is invalid, expired or already used. Authorize again.");
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed(Kind, ex.ClassName());
            throw ex.ToUnavailable(Options, what);
        }
    }

    private Task<AccessToken> RefreshOnceAsync(string? rejectedToken)
    {
        return _refresh ??= Run();

        async Task<AccessToken> Run()
        {
            await Task.Yield();
            try
            {
                return await RefreshAsync(rejectedToken);
            }
            finally
            {
                _refresh = null;
            }
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshOnceAsync(rejectedToken: null);
        }
        catch (TokenUnavailableException ex)
        {
            LogRefreshFailed(logger, AppId, ex.Problem, ex.Message);
        }
    }

    private async Task<AccessToken> RefreshAsync(string? rejectedToken)
    {
        // During membership changes another activation may have refreshed already: what is stored wins if good.
        try
        {
            await Store.ReloadAsync();
        }
        catch (TokenUnavailableException ex)
        {
            return ServeCurrentOr(ex, rejectedToken);
        }

        var keep = rejectedToken is null ? Options.RefreshBefore : Options.MinimumValidity;
        if (HasValidToken(keep) && state.State.AccessToken != rejectedToken)
        {
            return CurrentToken();
        }

        var now = time.GetUtcNow();
        if (state.State.QuotaBackoffUntil is { } until && until > now)
        {
            return ServeCurrentOr(new TokenUnavailableException(TokenProblem.QuotaExhausted,
                "WeChat's quota for api_component_token is used up; calls resume after the back-off.", until - now), rejectedToken);
        }

        var credentials = Credentials();
        if (!HasFreshTicket() && !await WaitForTicketAsync())
        {
            return ServeCurrentOr(new TokenUnavailableException(TokenProblem.NoTicket,
                "No component_verify_ticket has arrived yet; WeChat was asked to push one.", Options.UnavailableRetryAfter), rejectedToken);
        }

        try
        {
            return await ObtainAsync(credentials);
        }
        catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.TicketProblem)
        {
            LogTicketRefused(logger, AppId, ex.ErrorCode);
            if (await WaitForTicketAsync())
            {
                try
                {
                    return await ObtainAsync(credentials);
                }
                catch (WeChatApiException again)
                {
                    return await FailAsync(again, rejectedToken);
                }
            }

            return await FailAsync(ex, rejectedToken);
        }
        catch (WeChatApiException ex)
        {
            return await FailAsync(ex, rejectedToken);
        }
    }

    private async Task<AccessToken> ObtainAsync(ComponentOptions credentials)
    {
        var previous = state.State.AccessToken is null ? (TimeSpan?)null : state.State.AccessTokenExpiresAt - time.GetUtcNow();
        var response = await wechat.GetComponentTokenAsync(AppId, credentials.AppSecret, state.State.Ticket!);
        var obtainedAt = time.GetUtcNow();
        try
        {
            await WriteAsync(s => s.StoreToken(response.ComponentAccessToken, response.ExpiresIn, obtainedAt));
        }
        catch (TokenUnavailableException ex)
        {
            // Held in memory and saved as soon as the database answers; serve it meanwhile.
            LogNotSaved(logger, AppId, ex.Message);
        }

        metrics.Refreshed(Kind, previous ?? TimeSpan.Zero);
        LogRefreshed(logger, AppId, state.State.AccessTokenExpiresAt);
        return CurrentToken();
    }

    private async Task<AccessToken> FailAsync(WeChatApiException error, string? rejectedToken)
    {
        metrics.Failed(Kind, error.ClassName());
        LogWeChatFailed(logger, AppId, error.ErrorCode, error.Kind, error.ErrorMessage);
        var now = time.GetUtcNow();
        await WriteAsync(s =>
        {
            s.RecordFailure(error, now, Options);
            return true;
        });
        return ServeCurrentOr(error.ToUnavailable(Options, "component_access_token"), rejectedToken);
    }

    /// <summary>Keeps serving the current token while it is valid, unless it is the very token WeChat rejected.</summary>
    private AccessToken ServeCurrentOr(TokenUnavailableException problem, string? rejectedToken) =>
        HasValidToken(Options.MinimumValidity) && state.State.AccessToken != rejectedToken ? CurrentToken() : throw problem;

    /// <summary>Asks WeChat to push a ticket and waits (a while) for it to arrive through <see cref="RecordTicketAsync"/>.</summary>
    private async Task<bool> WaitForTicketAsync()
    {
        var arrived = _ticketArrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await RequestTicketPushAsync();
        try
        {
            await arrived.Task.WaitAsync(Options.TicketWait);
            return HasFreshTicket();
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            if (ReferenceEquals(_ticketArrived, arrived))
            {
                _ticketArrived = null;
            }
        }
    }

    private async Task RequestTicketPushAsync()
    {
        try
        {
            await wechat.StartPushTicketAsync(AppId, Credentials().AppSecret);
            LogTicketRequested(logger, AppId);
        }
        catch (WeChatApiException ex)
        {
            metrics.Failed("ticket", ex.ClassName());
            LogWeChatFailed(logger, AppId, ex.ErrorCode, ex.Kind, ex.ErrorMessage);
        }
    }

    private Task WriteAsync(Func<ComponentState, bool> apply) => Store.WriteAsync(apply);

    private bool HasFreshTicket() =>
        state.State is { Ticket: not null, TicketReceivedAt: { } received } && time.GetUtcNow() - received < Options.TicketMaxAge;

    private bool HasValidToken(TimeSpan atLeast) => state.State.HasTokenValidFor(time.GetUtcNow(), atLeast);

    private AccessToken CurrentToken() => state.State.CurrentToken();

    private ComponentOptions Credentials() =>
        wechatOptions.Value.FindComponent(AppId)
        ?? throw new TokenUnavailableException(TokenProblem.UnknownComponent, $"The component {AppId} is not configured here.");

    private IAuthorizerGrain Authorizer(string authorizerAppId) =>
        GrainFactory.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(AppId, authorizerAppId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentAppId}: refreshed token not saved yet, retrying: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, string componentAppId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentAppId}: ticket recorded (pushed at {PushedAt:u})")]
    private static partial void LogTicketRecorded(ILogger logger, string componentAppId, DateTimeOffset pushedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentAppId}: asked WeChat to push a ticket")]
    private static partial void LogTicketRequested(ILogger logger, string componentAppId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentAppId}: WeChat refused the ticket ({ErrorCode}); asking for a new one")]
    private static partial void LogTicketRefused(ILogger logger, string componentAppId, int? errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentAppId}: component token refreshed, valid until {ExpiresAt:u}")]
    private static partial void LogRefreshed(ILogger logger, string componentAppId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentAppId}: token refresh failed ({Problem}): {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string componentAppId, TokenProblem problem, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentAppId}: WeChat call failed with errcode {ErrorCode} ({Kind}): {ErrorMessage}")]
    private static partial void LogWeChatFailed(ILogger logger, string componentAppId, int? errorCode, WeChatErrorKind kind, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentAppId}: authorizer {AuthorizerAppId} authorized with permission sets [{PermissionSets}]")]
    private static partial void LogAuthorized(ILogger logger, string componentAppId, string authorizerAppId, string permissionSets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentAppId}: authorizer {AuthorizerAppId} revoked the authorization")]
    private static partial void LogRevoked(ILogger logger, string componentAppId, string authorizerAppId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentAppId}: no profile for {AuthorizerAppId}: {Reason}")]
    private static partial void LogProfileUnavailable(ILogger logger, string componentAppId, string authorizerAppId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentAppId}: WeChat lists {AuthorizerAppId} without a refresh token (its code was never exchanged); it must authorize again")]
    private static partial void LogNoRefreshTokenToRestore(ILogger logger, string componentAppId, string authorizerAppId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentAppId}: restored {Restored} refresh tokens from {Listed} listed authorizers")]
    private static partial void LogRestored(ILogger logger, string componentAppId, int restored, int listed);
}
