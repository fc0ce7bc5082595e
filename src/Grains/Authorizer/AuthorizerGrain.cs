using Grains.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using WeChat.Api;
using WeChat.Options;

namespace Grains.Authorizer;

/// <summary>
/// One authorized account of one platform: keeps its refresh token safe and its authorizer_access_token fresh.
/// Non-reentrant, so a refresh never interleaves with anything: callers queue behind it and get its result.
/// Idle grains deactivate; the reminder, due when the next refresh is, brings them back once per token lifetime.
/// Every change listing shows goes to the platform's authorizer index right after the state write; every change of
/// the authorization is recorded for the platform's webhook in that same write and then handed to the account's outbox.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed partial class AuthorizerGrain(
    [PersistentState("authorizer", GrainStorage.Name)] IPersistentState<AuthorizerState> state,
    IComponentApi wechat,
    IAuthorizerIndex index,
    IOptions<TokenLifecycleOptions> lifecycle,
    IOptions<WeChatOptions> wechatOptions,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    TokenMetrics metrics,
    ILogger<AuthorizerGrain> logger) : Grain, IAuthorizerGrain, IRemindable
{
    private const string ReminderName = "authorizer-token";
    private const string Kind = "authorizer";

    /// <summary>How far WeChat's push time may trail this silo's clock before a revocation counts as older than the authorization.</summary>
    private static readonly TimeSpan RevocationClockTolerance = TimeSpan.FromSeconds(5);

    private RetryTimer? _retries;
    private DurableState<AuthorizerState>? _store;
    private StoredToken<AuthorizerState>? _token;
    private IndexedEntry? _indexed;
    private TokenReminder? _reminder;

    /// <summary>The refresh this activation claimed last (see <see cref="AuthorizerState.RefreshClaim"/>): its own, not another's.</summary>
    private Guid? _refreshClaim;

    /// <summary>The one retry timer: for a state write, the index row and the hand-over of changes, whichever storage or the outbox refused.</summary>
    private RetryTimer Retries => _retries ??= new(this, RetryPendingAsync, () => Store.HasUnsavedChanges || Indexed.IsPending || HasOutgoingChanges);

    private DurableState<AuthorizerState> Store => _store ??= new(state, Retries);

    private StoredToken<AuthorizerState> Token => _token ??= new(Store, time, Options, TokenDueAt);

    private IndexedEntry Indexed => _indexed ??= new(index, Retries, logger);

    private TokenReminder Reminder => _reminder ??= new(this, ReminderName, Options.ReminderPeriod, logger);

    private (string ComponentAppId, string AuthorizerAppId) Key => AuthorizerKey.Parse(this.GetPrimaryKeyString());

    private TokenLifecycleOptions Options => lifecycle.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between a state write and its index write leaves the index behind; each activation puts it right.
        if (state.State.Known)
        {
            Indexed.Write(Entry());
        }

        // Likewise a crash between recording a change and handing it to the outbox.
        if (HasOutgoingChanges)
        {
            await HandOverChangesAsync();
        }

        // And a silo that died between WeChat's answer to a refresh and its write: the refresh is due when its claim
        // lapses, at once if it has.
        if (UnsettledClaimLapsesAt() is not null)
        {
            await ScheduleAsync(ensure: true);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Store.FlushAsync();

    public async Task<AuthorizerSummary> AcceptGrantAsync(AuthorizerGrant grant)
    {
        var now = time.GetUtcNow();
        var wasAuthorized = state.State is { Known: true, Status: AuthorizerStatus.Authorized };

        // The refresh token and any access token obtained with it go to storage in one write, before anyone sees either.
        await ChangeAsync(s =>
        {
            var change = ChangeBy(s, grant);
            s.Known = true;
            s.Status = AuthorizerStatus.Authorized;
            s.RefreshToken = grant.RefreshToken;
            s.PermissionSets = [.. grant.PermissionSets];
            s.Profile = grant.Profile ?? s.Profile;
            s.AuthorizedAt = now;
            s.RevokedAt = null;
            s.LastProblem = null;
            s.QuotaBackoffUntil = null;
            s.RefreshClaim = null;
            s.RefreshStartedAt = null;
            if (grant.AccessToken is { } token)
            {
                s.AccessToken = token.Value;
                s.AccessTokenExpiresAt = token.ExpiresAt;
                s.AccessTokenObtainedAt = now;
                s.ReplacesRejectedToken = false;
            }

            if (change is { } authorization)
            {
                RecordChange(s, authorization, now);
            }
        });

        if (!wasAuthorized)
        {
            metrics.StatusChanged(AuthorizerStatus.Authorized);
        }

        await ScheduleAsync();
        await HandOverChangesAsync();
        return Summary();
    }

    public async Task<AccessToken> GetTokenAsync()
    {
        EnsureServing();
        return Token.HandedOut(Token.HasValidFor(Options.MinimumValidity) ? Token.Current() : await RefreshAsync(rejectedToken: null));
    }

    public async Task<AccessToken> RefreshIfCurrentAsync(string rejectedToken)
    {
        EnsureServing();
        return Token.HandedOut(Token.Serves(rejectedToken) ? Token.Current() : await RefreshAsync(rejectedToken));
    }

    public async Task RevokeAsync(DateTimeOffset revokedAt)
    {
        if (!state.State.Known)
        {
            DeactivateOnIdle();
            return;
        }

        // A revocation older than the latest authorization is a push WeChat retried (or someone replayed) after the
        // account authorized again: applying it would revoke the new authorization. WeChat's clock is not ours, so
        // only a revocation clearly before the authorization is ignored.
        if (state.State.AuthorizedAt is { } authorizedAt && revokedAt < authorizedAt - RevocationClockTolerance)
        {
            LogStaleRevocation(logger, Key.ComponentAppId, Key.AuthorizerAppId, revokedAt, authorizedAt);
            return;
        }

        await ChangeStatusAsync(AuthorizerStatus.Unauthorized, AuthorizationEvent.Unauthorized, revokedAt, s => s.RevokedAt = revokedAt);
        LogStatus(logger, Key.ComponentAppId, Key.AuthorizerAppId, AuthorizerStatus.Unauthorized);
    }

    public async Task<bool> RestoreRefreshTokenAsync(string refreshToken)
    {
        if (state.State is { Known: true, Status: AuthorizerStatus.Authorized } && state.State.RefreshToken == refreshToken)
        {
            return false;
        }

        var wasAuthorized = state.State is { Known: true, Status: AuthorizerStatus.Authorized };
        var now = time.GetUtcNow();
        await ChangeAsync(s =>
        {
            if (s is not { Known: true, Status: AuthorizerStatus.Authorized })
            {
                RecordChange(s, AuthorizationEvent.Authorized, now);
            }

            s.Known = true;
            s.Status = AuthorizerStatus.Authorized;
            s.RefreshToken = refreshToken;
            s.AuthorizedAt ??= now;
            s.LastProblem = null;
        });
        if (!wasAuthorized)
        {
            metrics.StatusChanged(AuthorizerStatus.Authorized);
        }

        await ScheduleAsync(ensure: true);
        await HandOverChangesAsync();
        LogRestored(logger, Key.ComponentAppId, Key.AuthorizerAppId);
        return true;
    }

    public Task<AuthorizerSummary> GetSummaryAsync() => Task.FromResult(Summary());

    public Task<AuthorizerSummary> GetAuthorizedAsync()
    {
        EnsureServing();
        return Task.FromResult(Summary());
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        metrics.Ticked(Key.ComponentAppId, Kind);
        await HandOverChangesAsync();
        if (state.State is not { Known: true, Status: AuthorizerStatus.Authorized })
        {
            await StopReminderUnlessChangesWaitAsync();
            return;
        }

        try
        {
            if (TokenIsDue())
            {
                // After a lost answer WeChat may have replaced the token held: it is refreshed as a rejected one is.
                await RefreshAsync(rejectedToken: ClaimLapsedUnsettled() ? state.State.AccessToken : null);
            }

            await RefreshDueTicketsAsync();

            // A tick that found nothing due (it fired early, or another activation refreshed) re-aims the reminder.
            Reminder.Forget();
            await ScheduleAsync();
        }
        catch (PlatformException ex)
        {
            // The reminder stays where it is: its period brings the grain back to try again.
            LogRefreshFailed(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.Problem, ex.Message);
        }
    }

    private async Task ChangeStatusAsync(AuthorizerStatus status, AuthorizationEvent change, DateTimeOffset occurredAt, Action<AuthorizerState> also)
    {
        await ChangeAsync(s =>
        {
            // WeChat pushing the same unauthorized event again changes nothing.
            if (s.Status != status)
            {
                RecordChange(s, change, occurredAt);
            }

            s.Status = status;
            s.AccessToken = null;
            s.JsApiTicket = null;
            s.CardTicket = null;
            also(s);
        });
        metrics.StatusChanged(status);
        await HandOverChangesAsync();
        await StopReminderUnlessChangesWaitAsync();
    }

    private void EnsureServing()
    {
        if (!state.State.Known)
        {
            DeactivateOnIdle();
            throw new PlatformException(PlatformProblem.UnknownAuthorizer,
                $"{Key.AuthorizerAppId} has not authorized the platform {Key.ComponentAppId}.");
        }

        if (state.State.Status != AuthorizerStatus.Authorized)
        {
            throw Unavailable();
        }
    }

    private PlatformException Unavailable() => state.State.Status == AuthorizerStatus.Unauthorized
        ? new PlatformException(PlatformProblem.Unauthorized, $"{Key.AuthorizerAppId} revoked its authorization of {Key.ComponentAppId}.")
        : new PlatformException(PlatformProblem.ReauthorizationRequired,
            $"WeChat refused the refresh token of {Key.AuthorizerAppId}; the account must authorize {Key.ComponentAppId} again.");

    private AuthorizerSummary Summary() => new(
        Key.ComponentAppId,
        Key.AuthorizerAppId,
        state.State.Status,
        state.State.AccessToken is null ? null : state.State.AccessTokenExpiresAt,
        state.State.PermissionSets,
        state.State.Profile,
        state.State.LastProblem,
        state.State.QuotaBackoffUntil);
}
