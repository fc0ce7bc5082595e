namespace Grains.Authorizer;

public sealed partial class AuthorizerGrain
{
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

    private DateTimeOffset TokenDueAt()
    {
        if (state.State.AccessToken is null)
        {
            return time.GetUtcNow();
        }

        var dueAt = RefreshSchedule.DueAt(state.State.AccessTokenExpiresAt, this.GetPrimaryKeyString(), Options);
        return UnsettledClaimLapsesAt() is { } lapse && lapse < dueAt ? lapse : dueAt;
    }

    /// <summary>When another activation's claimed refresh, not settled by a stored token, stops holding its claim.</summary>
    private DateTimeOffset? UnsettledClaimLapsesAt() =>
        state.State is { RefreshClaim: { } claim, RefreshStartedAt: { } startedAt } && claim != _refreshClaim
            ? startedAt + Options.RefreshClaimLifetime
            : null;

    private bool ClaimLapsedUnsettled() => UnsettledClaimLapsesAt() is { } lapse && time.GetUtcNow() >= lapse;
}
