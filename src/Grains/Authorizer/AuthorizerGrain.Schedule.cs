namespace Grains.Authorizer;

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

    /// <summary>Moves the reminder to the earliest refresh due: the token's, and each held ticket's.</summary>
    private Task ScheduleAsync(bool ensure = false)
    {
        var dueAt = TokenDueAt();
        foreach (var kind in HeldTickets())
        {
            dueAt = TicketDueAt(kind) < dueAt ? TicketDueAt(kind) : dueAt;
        }

        return Reminder.MoveToAsync(dueAt, time.GetUtcNow(), ensure);
    }

    private bool TokenIsDue() => state.State.AccessToken is null || time.GetUtcNow() >= TokenDueAt();

    private DateTimeOffset TokenDueAt() => state.State.AccessToken is null
        ? time.GetUtcNow()
        : RefreshSchedule.DueAt(state.State.AccessTokenExpiresAt, this.GetPrimaryKeyString(), Options);

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
