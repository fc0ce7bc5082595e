using Grains.Invalidation;

namespace Grains.Authorizer;

/// <summary>
/// The state-write path: every change is saved (or held in memory until storage is back), then listing's row goes to
/// the index and gateways hear of a token replaced before its scheduled refresh. What storage, the index or the
/// outbox refused waits for the activation's one retry timer.
/// </summary>
public sealed partial class AuthorizerGrain
{
    /// <summary>Applies a change to the state, saves it, then writes what listing shows to the index and tells gateways of an early replacement.</summary>
    private Task ChangeAsync(Action<AuthorizerState> apply) => ChangeAsync(s =>
    {
        apply(s);
        return true;
    });

    private async Task ChangeAsync(Func<AuthorizerState, bool> apply)
    {
        var changedAt = time.GetUtcNow();
        var served = Served();
        try
        {
            await Store.WriteAsync(s =>
            {
                if (!apply(s))
                {
                    return false;
                }

                s.ChangedAt = changedAt > s.ChangedAt ? changedAt : s.ChangedAt;
                return true;
            });
        }
        finally
        {
            // Also when the write is held in memory for a later save: the grain serves that state meanwhile.
            if (state.State.Known)
            {
                Indexed.Write(Entry());
            }

            TellGatewaysIfReplaced(served);
        }
    }

    /// <summary>
    /// Each tick of the retry timer: the state first (the index row and the hand-over follow what is saved). Each step
    /// runs whatever the one before it threw, so one refusal never holds back the others.
    /// </summary>
    private async Task RetryPendingAsync()
    {
        await RetryStepAsync("state", Store.RetryAsync);
        await RetryStepAsync("index", Indexed.RetryAsync);
        if (HasOutgoingChanges)
        {
            await RetryStepAsync("hand-over", HandOverChangesAsync);
        }
    }

    private async Task RetryStepAsync(string step, Func<Task> retry)
    {
        try
        {
            await retry();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRetryStepFailed(logger, Key.ComponentAppId, Key.AuthorizerAppId, step, ex.GetType().Name);
            Retries.Start();
        }
    }

    /// <summary>The token gateways may hold now and the instant they were told it stays current; null when none is served.</summary>
    private (string Token, DateTimeOffset Until)? Served() =>
        state.State is { Known: true, Status: AuthorizerStatus.Authorized, AccessToken: { } token } ? (token, TokenDueAt()) : null;

    private void TellGatewaysIfReplaced((string Token, DateTimeOffset Until)? before) =>
        EarlyReplacement.TellGateways(GrainFactory, this.GetPrimaryKeyString(), before, Served()?.Token, time.GetUtcNow());

    private AuthorizerEntry Entry() => new(
        Key.ComponentAppId,
        Key.AuthorizerAppId,
        state.State.Status,
        state.State.PermissionSets,
        state.State.AccessToken is null ? null : state.State.AccessTokenExpiresAt,
        state.State.Profile?.NickName,
        state.State.Profile?.UserName,
        state.State.Profile?.IsMiniProgram,
        state.State.LastProblem,
        state.State.AuthorizedAt,
        state.State.ChangedAt);
}
