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

    private DateTimeOffset TokenDueAt() => state.State.AccessToken is null
        ? time.GetUtcNow()
        : RefreshSchedule.DueAt(state.State.AccessTokenExpiresAt, this.GetPrimaryKeyString(), Options);
}
