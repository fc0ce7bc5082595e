using Grains.Invalidation;
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
    [PersistentState("component", GrainStorage.Name)] IPersistentState<ComponentState> state,
    IComponentApi wechat,
    IAuthorizationCodeLedger exchangedCodes,
    IAuthorizerIndex index,
    IOptions<WeChatOptions> wechatOptions,
    IOptions<TokenLifecycleOptions> lifecycle,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    TokenMetrics metrics,
    ILogger<ComponentGrain> logger) : Grain, IComponentGrain, IRemindable
{
    private const string ReminderName = "component-token";
    private const string Kind = "component";
    private const int RecentAuthorizationsKept = 20;

    /// <summary>Accounts restored at once while walking a page; WeChat's page holds 500.</summary>
    private const int RestoreConcurrency = 50;

    private const int NotListedNamed = 100;

    private readonly Dictionary<string, Task<AuthorizerSummary>> _exchanges = new(StringComparer.Ordinal);

    /// <summary>
    /// The latest authorizations this activation recorded, newest last, for the status page. Kept in memory only: the
    /// durable record of each change is the account's own state and its webhook delivery.
    /// </summary>
    private readonly Queue<RecentAuthorization> _recentAuthorizations = new();

    private Task<AccessToken>? _refresh;
    private TaskCompletionSource? _ticketArrived;
    private Task<ReconciliationResult>? _reconciliation;

    private DurableState<ComponentState>? _store;
    private StoredToken<ComponentState>? _token;
    private TokenReminder? _reminder;

    /// <summary>The state, retried on the grain's one retry timer while storage refuses it.</summary>
    private DurableState<ComponentState> Store => _store ??= new(state, this);

    private StoredToken<ComponentState> Token => _token ??= new(Store, time, Options, TokenDueAt);

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

    public async Task<AccessToken> GetTokenAsync()
    {
        Credentials();
        return Token.HandedOut(Token.HasValidFor(Options.MinimumValidity) ? Token.Current() : await RefreshOnceAsync(rejectedToken: null));
    }

    public async Task<AccessToken> RefreshIfCurrentAsync(string rejectedToken)
    {
        Credentials();
        return Token.HandedOut(Token.Serves(rejectedToken) ? Token.Current() : await RefreshOnceAsync(rejectedToken));
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
        state.State.LastReconciliation,
        [.. _recentAuthorizations.Reverse()]));

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

    /// <summary>Saves a change; a token it replaces before its scheduled refresh is forgotten by every gateway.</summary>
    private async Task WriteAsync(Func<ComponentState, bool> apply)
    {
        (string Token, DateTimeOffset Until)? served = state.State.AccessToken is { } token ? (token, TokenDueAt()) : null;
        try
        {
            await Store.WriteAsync(apply);
        }
        finally
        {
            EarlyReplacement.TellGateways(GrainFactory, AppId, served, state.State.AccessToken, time.GetUtcNow());
        }
    }

    private ComponentOptions Credentials() =>
        wechatOptions.Value.FindComponent(AppId)
        ?? throw new PlatformException(PlatformProblem.UnknownComponent, $"The component {AppId} is not configured here.");

    private IAuthorizerGrain Authorizer(string authorizerAppId) =>
        GrainFactory.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(AppId, authorizerAppId));
}
