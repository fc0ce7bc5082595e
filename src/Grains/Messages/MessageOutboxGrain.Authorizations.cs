namespace Grains.Messages;

public sealed partial class MessageOutboxGrain
{
    public Task AcceptAuthorizationChangeAsync(AuthorizationChange change) =>
        AcceptChangeAsync(change.Id, p => p.AuthorizationChange = change);

    public Task AcceptReleaseChangeAsync(ReleaseChange change) =>
        AcceptChangeAsync(change.Id, p => p.ReleaseChange = change);

    private async Task AcceptChangeAsync(string id, Action<PendingDelivery> carry)
    {
        var now = time.GetUtcNow();
        var added = await Store.WriteAsync(s =>
        {
            if (s.Pending.Exists(p => p.Key == id))
            {
                return false;
            }

            var pending = new PendingDelivery { Key = id, ReceivedAt = now, Attempts = 0, NextAttemptAt = now };
            carry(pending);
            s.Pending.Add(pending);
            return true;
        });

        // Handed over again (the authorizer did not hear the first answer): only a saved copy lets it forget the change.
        if (!added && Store.HasUnsavedChanges)
        {
            throw Store.StillUnsaved();
        }

        await KeepRetryingAsync();
    }
}
