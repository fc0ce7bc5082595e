using Grains.Messages;

namespace Grains.Authorizer;

public sealed partial class AuthorizerGrain
{
    private bool HasOutgoingChanges => state.State.OutgoingChanges is { Count: > 0 };

    /// <summary>
    /// Notes a change of the authorization inside the state change that makes it, so the change and its delivery are
    /// stored together or not at all. Nothing is noted for a platform without a webhook.
    /// </summary>
    private void RecordChange(AuthorizerState s, AuthorizationEvent change, DateTimeOffset occurredAt)
    {
        if (PlatformWebhook.Of(wechatOptions.Value, Key.ComponentAppId) is null)
        {
            return;
        }

        (s.OutgoingChanges ??= []).Add(new AuthorizationChange(
            "auth_" + Guid.CreateVersion7(occurredAt).ToString("N"), change, [.. s.PermissionSets], occurredAt));
    }

    /// <summary>
    /// What accepting a grant changes. The redirect and WeChat's event (and its retries) report one approval, so a
    /// grant of the sets the authorized account already grants changes nothing.
    /// </summary>
    private static AuthorizationEvent? ChangeBy(AuthorizerState s, AuthorizerGrant grant) =>
        s is not { Known: true, Status: AuthorizerStatus.Authorized } ? AuthorizationEvent.Authorized
        : s.PermissionSets.ToHashSet().SetEquals(grant.PermissionSets) ? null
        : AuthorizationEvent.UpdateAuthorized;

    /// <summary>
    /// Hands the recorded changes, oldest first, to the account's outbox, which stores each before answering, and
    /// forgets each here once it is held there. A failure does not fail the caller (the change is stored here): the
    /// retry timer tries again, and a crash leaves the changes for the next activation or reminder tick.
    /// </summary>
    private async Task HandOverChangesAsync()
    {
        // A change still held in memory is not handed over: storage might yet lose it, and the webhook must not hear of it first.
        if (Store.HasUnsavedChanges)
        {
            return;
        }

        try
        {
            var outbox = GrainFactory.GetGrain<IMessageOutboxGrain>(this.GetPrimaryKeyString());
            foreach (var change in state.State.OutgoingChanges?.ToList() ?? [])
            {
                await outbox.AcceptAuthorizationChangeAsync(change);
                await Store.WriteAsync(s =>
                {
                    if (s.OutgoingChanges?.RemoveAll(c => c.Id == change.Id) is not > 0)
                    {
                        return false;
                    }

                    s.OutgoingChanges = s.OutgoingChanges.Count == 0 ? null : s.OutgoingChanges;
                    return true;
                });
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogChangesNotHandedOver(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex.GetType().Name);
            Retries.Start();
            return;
        }

        Retries.StopIfSettled();
    }

    /// <summary>A grain whose account is not authorized needs its reminder only to bring it back for changes not yet handed over.</summary>
    private async Task StopReminderUnlessChangesWaitAsync()
    {
        if (!HasOutgoingChanges)
        {
            await Reminder.StopAsync();
        }
    }
}
