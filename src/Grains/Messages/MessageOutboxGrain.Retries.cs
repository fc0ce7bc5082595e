using WeChat.Xml;

namespace Grains.Messages;

public sealed partial class MessageOutboxGrain
{
    private const string ReminderName = "outbox-retry";

    private IGrainTimer? _retryTimer;
    private bool _retrying;

    public Task ReceiveReminder(string reminderName, TickStatus status) => RetryDueAsync();

    private async Task KeepRetryingAsync()
    {
        if (_retryTimer is not null)
        {
            return;
        }

        var tick = Options.RetryBaseDelay < TimeSpan.FromSeconds(1) ? Options.RetryBaseDelay : TimeSpan.FromSeconds(1);
        _retryTimer = this.RegisterGrainTimer(_ => RetryDueAsync(), new GrainTimerCreationOptions(tick, tick) { KeepAlive = true, Interleave = true });

        // The timer dies with the activation; the reminder brings the outbox back on a surviving silo.
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task RetryDueAsync()
    {
        if (_retrying)
        {
            return;
        }

        _retrying = true;
        try
        {
            var now = time.GetUtcNow();
            var earlierChangeWaits = false;
            foreach (var pending in state.State.Pending.ToList())
            {
                // An account's authorization changes reach the webhook in the order they happened: a later one waits.
                var isChange = pending.IsChange;
                if (isChange && earlierChangeWaits)
                {
                    continue;
                }

                if (pending.NextAttemptAt <= now)
                {
                    await RetryAsync(pending);
                }

                earlierChangeWaits |= isChange && state.State.Pending.Exists(p => p.Key == pending.Key);
            }

            if (state.State.Pending.Count == 0 && !Store.HasUnsavedChanges)
            {
                _retryTimer?.Dispose();
                _retryTimer = null;
                if (await this.GetReminder(ReminderName) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }
            }
        }
        catch (PlatformException)
        {
            // Storage is down: the change is held in memory and the next tick carries on.
        }
        finally
        {
            _retrying = false;
            metrics.Pending(this.GetPrimaryKeyString(), Key.ComponentAppId, state.State.Pending.Count);
        }
    }

    private async Task RetryAsync(PendingDelivery pending)
    {
        if (Webhook() is not { } webhook)
        {
            return;
        }

        var attempt = pending.Attempts + 1;
        var (type, id, body) = Outgoing(pending);
        var result = await webhooks.SendAsync(webhook.Url, webhook.Secrets, id, body, attempt, Options.RequestTimeout);
        var now = time.GetUtcNow();
        if (result.Delivered)
        {
            await Store.WriteAsync(s => s.Pending.RemoveAll(p => p.Key == pending.Key) > 0);
            metrics.Delivered(type, firstAttempt: attempt == 1);
            LogDelivered(logger, Key.ComponentAppId, type, Key.AuthorizerAppId, attempt);
            return;
        }

        metrics.Failed(type);
        if (now - pending.ReceivedAt >= Options.GiveUpAfter)
        {
            await GrainFactory.GetGrain<IDeadLetterGrain>(Key.ComponentAppId).AddAsync(DeadLetterOf(pending, attempt, result.Problem, now));
            await Store.WriteAsync(s => s.Pending.RemoveAll(p => p.Key == pending.Key) > 0);
            metrics.DeadLettered(type);
            LogDeadLettered(logger, Key.ComponentAppId, type, Key.AuthorizerAppId, attempt, result.Problem);
            return;
        }

        await Store.WriteAsync(s =>
        {
            if (s.Pending.Find(p => p.Key == pending.Key) is not { } stored)
            {
                return false;
            }

            stored.Attempts = attempt;
            stored.NextAttemptAt = now + Options.DelayAfter(attempt);
            stored.LastProblem = result.Problem;
            return true;
        });
        LogRetrying(logger, Key.ComponentAppId, type, Key.AuthorizerAppId, attempt, result.Problem);
    }

    /// <summary>The body's <c>type</c>, the delivery id (the same on every attempt) and the signed body of a stored delivery.</summary>
    private (string Type, string Id, byte[] Body) Outgoing(PendingDelivery pending) => pending switch
    {
        { AuthorizationChange: { } change } =>
            (AuthorizationDelivery.AuthorizationType, change.Id, AuthorizationDelivery.Of(Key.ComponentAppId, Key.AuthorizerAppId, change).ToUtf8Json()),
        { ReleaseChange: { } release } =>
            (ReleaseDelivery.ReleaseType, release.Id, ReleaseDelivery.Of(Key.ComponentAppId, Key.AuthorizerAppId, release).ToUtf8Json()),
        _ => (WebhookDelivery.MessageType, DeliveryId(pending.Key), Body(pending.Key, AccountMessage.Parse(pending.Xml), pending.Xml, pending.ReceivedAt)),
    };

    private DeadLetter DeadLetterOf(PendingDelivery pending, int attempts, string? problem, DateTimeOffset deadAt)
    {
        if (pending.AuthorizationChange is { } change)
        {
            return new DeadLetter(pending.Key, Key.AuthorizerAppId, AuthorizationDelivery.AuthorizationType, AuthorizationDelivery.EventName(change.Event),
                "", pending.ReceivedAt, attempts, problem, deadAt, change);
        }

        if (pending.ReleaseChange is { } release)
        {
            return new DeadLetter(pending.Key, Key.AuthorizerAppId, ReleaseDelivery.ReleaseType, ReleaseDelivery.StageName(release.Stage),
                "", pending.ReceivedAt, attempts, problem, deadAt, ReleaseChange: release);
        }

        var message = AccountMessage.Parse(pending.Xml);
        return new DeadLetter(pending.Key, Key.AuthorizerAppId, message.MsgType, message.Event, pending.Xml, pending.ReceivedAt, attempts, problem, deadAt);
    }
}
