using Orleans.Concurrency;
using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Grains.Index;
using WeChat.Api;
using WeChat.Options;

namespace Grains.Component;

/// <summary>
/// One third-party platform: records tickets, owns the component_access_token, creates pre_auth_codes, exchanges
/// authorization codes and walks WeChat's authorizer list. Its reminder is due when the token's refresh is.
/// </summary>
// Reentrant because authorizer grains call GetTokenAsync while this grain awaits them (exchanging a code), and a
// token request must be able to wait for a ticket push that arrives through RecordTicketAsync. Refreshes still
// never overlap: concurrent callers share the single in-flight refresh, and state writes are serialized.
[Reentrant]
public sealed partial class ComponentGrain(
    [PersistentState("component", StorageNames.Tokens)] IPersistentState<ComponentState> state,
    IComponentApi wechat,
    IAuthorizationCodeLedger exchangedCodes,
    IAuthorizerIndex index,
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
    private TokenReminder? _reminder;

    private DurableState<ComponentState> Store => _store ??= new(state, this);

    private TokenReminder Reminder => _reminder ??= new(this, ReminderName, Options.ReminderPeriod, logger);

    private string AppId => this.GetPrimaryKeyString();

    private TokenLifecycleOptions Options => lifecycle.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (wechatOptions.Value.FindComponent(AppId) is null)
        {
            return;
        }

        await ScheduleAsync(ensure: true);
        if (!HasFreshTicket())
        {
            await RequestTicketPushAsync();
        }

        ResumeReconciliation();
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

    public Task<ComponentStatus> GetStatusAsync() => Task.FromResult(new ComponentStatus(
        AppId,
        state.State.TicketReceivedAt,
        state.State.AccessToken is null ? null : state.State.AccessTokenExpiresAt,
        state.State.LastProblem,
        state.State.LastReconciliation));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        metrics.Ticked(AppId, Kind);
        if (wechatOptions.Value.FindComponent(AppId) is null)
        {
            await this.UnregisterReminder(await this.GetReminder(reminderName) ?? throw new InvalidOperationException("The ticking reminder is gone."));
            return;
        }

        if (!HasFreshTicket())
        {
            await RequestTicketPushAsync();
        }

        if (state.State.Ticket is not null && TokenIsDue() && _refresh is null)
        {
            await RefreshInBackgroundAsync();
        }

        ResumeReconciliation();
        Reminder.Forget();
        await ScheduleAsync();
    }

    /// <summary>The reminder is due when the token's refresh is; without a token, a period from now.</summary>
    private Task ScheduleAsync(bool ensure = false)
    {
        var now = time.GetUtcNow();
        return Reminder.MoveToAsync(state.State.AccessToken is null ? now : TokenDueAt(), now, ensure);
    }

    private bool TokenIsDue() => state.State.AccessToken is null || time.GetUtcNow() >= TokenDueAt();

    private DateTimeOffset TokenDueAt() => RefreshSchedule.DueAt(state.State.AccessTokenExpiresAt, AppId, Options);

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
            metrics.Failed(AppId, Kind, ex.ClassName());
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

        metrics.Refreshed(AppId, Kind, previous ?? TimeSpan.Zero);
        LogRefreshed(logger, AppId, state.State.AccessTokenExpiresAt);
        await ScheduleAsync();
        return CurrentToken();
    }

    private async Task<AccessToken> FailAsync(WeChatApiException error, string? rejectedToken)
    {
        metrics.Failed(AppId, Kind, error.ClassName());
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
            metrics.Failed(AppId, "ticket", ex.ClassName());
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
}
