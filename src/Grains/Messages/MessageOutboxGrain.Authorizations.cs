namespace Grains.Messages;

public sealed partial class MessageOutboxGrain
{
    public async Task AcceptAuthorizationChangeAsync(AuthorizationChange change)
    {
        var now = time.GetUtcNow();
        var added = await Store.WriteAsync(s =>
        {
            if (s.Pending.Exists(p => p.Key == change.Id))
            {
                return false;
            }

            s.Pending.Add(new PendingDelivery { Key = change.Id, AuthorizationChange = change, ReceivedAt = now, Attempts = 0, NextAttemptAt = now });
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
