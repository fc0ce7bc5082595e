using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using WeChat.Options;
using WeChat.Xml;

namespace Grains.Messages;

/// <summary>
/// One account's messages on their way to the platform's webhook. The first attempt runs while WeChat waits, so its
/// answer can become the passive reply; a message the webhook did not take is stored before WeChat hears
/// <c>success</c>, then retried with backoff on a timer (and a reminder, should the silo go) until it is delivered or
/// becomes a dead letter. Reentrant: one slow webhook call must not hold up the account's other messages.
/// </summary>
[Reentrant]
[CollectionAgeLimit(Minutes = 5)]
public sealed partial class MessageOutboxGrain(
    [PersistentState("outbox", GrainStorage.Name)] IPersistentState<OutboxState> state,
    WebhookSender webhooks,
    IOptions<WeChatOptions> wechat,
    IOptions<WebhookOptions> options,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    MessageMetrics metrics,
    ILogger<MessageOutboxGrain> logger) : Grain, IMessageOutboxGrain, IRemindable
{
    private const string ReminderName = "outbox-retry";

    /// <summary>WeChat retries a message within about 15 seconds; answers are remembered well past that.</summary>
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, Task<string?>> _recent = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _recentOrder = new();
    private DurableState<OutboxState>? _store;
    private IGrainTimer? _retryTimer;
    private bool _retrying;

    private DurableState<OutboxState> Store => _store ??= new(state, this);

    private (string ComponentAppId, string AuthorizerAppId) Key => AuthorizerKey.Parse(this.GetPrimaryKeyString());

    private WebhookOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending.Count > 0)
        {
            await KeepRetryingAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Store.FlushAsync();

    public Task<string?> DeliverAsync(string deduplicationKey, string messageXml)
    {
        ForgetOldAnswers();
        if (_recent.TryGetValue(deduplicationKey, out var first) && !first.IsFaulted)
        {
            metrics.Duplicate();
            return first;
        }

        if (state.State.Pending.Exists(p => p.Key == deduplicationKey))
        {
            metrics.Duplicate();
            return Store.HasUnsavedChanges
                ? throw Store.StillUnsaved()
                : Task.FromResult<string?>(null);
        }

        var delivery = FirstAttemptAsync(deduplicationKey, messageXml);
        _recent[deduplicationKey] = delivery;
        _recentOrder.Enqueue((deduplicationKey, time.GetUtcNow()));
        return delivery;
    }

    public async Task RequeueAsync(DeadLetter letter)
    {
        var now = time.GetUtcNow();
        await Store.WriteAsync(s =>
        {
            if (s.Pending.Exists(p => p.Key == letter.Id))
            {
                return false;
            }

            s.Pending.Add(new PendingMessage { Key = letter.Id, Xml = letter.Xml, ReceivedAt = now, Attempts = 0, NextAttemptAt = now });
            return true;
        });
        await KeepRetryingAsync();
    }

    public Task<int> GetPendingCountAsync() => Task.FromResult(state.State.Pending.Count);

    public Task ReceiveReminder(string reminderName, TickStatus status) => RetryDueAsync();

    private async Task<string?> FirstAttemptAsync(string key, string xml)
    {
        var message = AccountMessage.Parse(xml);
        var now = time.GetUtcNow();
        if (Webhook() is not { } webhook)
        {
            metrics.NoWebhook();
            LogNoWebhook(logger, Key.ComponentAppId, Key.AuthorizerAppId, message.MsgType, message.Event);
            return null;
        }

        var result = await webhooks.SendAsync(webhook.Url, webhook.Secret, DeliveryId(key), Body(key, message, xml, now), 1, Options.ReplyDeadline);
        if (result.Delivered)
        {
            metrics.Delivered(firstAttempt: true);
            return ReplyXml(result, message);
        }

        await Store.WriteAsync(s =>
        {
            if (s.Pending.Exists(p => p.Key == key))
            {
                return false;
            }

            s.Pending.Add(new PendingMessage
            {
                Key = key, Xml = xml, ReceivedAt = now, Attempts = 1, NextAttemptAt = now + Options.DelayAfter(1), LastProblem = result.Problem,
            });
            return true;
        });
        metrics.Failed();
        LogRetrying(logger, Key.ComponentAppId, Key.AuthorizerAppId, 1, result.Problem);
        await KeepRetryingAsync();
        return null;
    }

    private string? ReplyXml(WebhookResult result, AccountMessage message)
    {
        if (result.Problem is not null)
        {
            LogUnusableReply(logger, Key.ComponentAppId, Key.AuthorizerAppId, result.Problem);
        }

        if (result.Reply is null)
        {
            return null;
        }

        var xml = result.Reply.ToXml(message, time.GetUtcNow(), out var problem);
        if (problem is not null)
        {
            LogUnusableReply(logger, Key.ComponentAppId, Key.AuthorizerAppId, problem);
        }

        return xml;
    }

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
            foreach (var pending in state.State.Pending.Where(p => p.NextAttemptAt <= now).ToList())
            {
                await RetryAsync(pending);
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
        }
    }

    private async Task RetryAsync(PendingMessage pending)
    {
        if (Webhook() is not { } webhook)
        {
            return;
        }

        var attempt = pending.Attempts + 1;
        var message = AccountMessage.Parse(pending.Xml);
        var result = await webhooks.SendAsync(webhook.Url, webhook.Secret, DeliveryId(pending.Key), Body(pending.Key, message, pending.Xml, pending.ReceivedAt), attempt, Options.RequestTimeout);
        var now = time.GetUtcNow();
        if (result.Delivered)
        {
            await Store.WriteAsync(s => s.Pending.RemoveAll(p => p.Key == pending.Key) > 0);
            metrics.Delivered(firstAttempt: false);
            LogDelivered(logger, Key.ComponentAppId, Key.AuthorizerAppId, attempt);
            return;
        }

        metrics.Failed();
        if (now - pending.ReceivedAt >= Options.GiveUpAfter)
        {
            await GrainFactory.GetGrain<IDeadLetterGrain>(Key.ComponentAppId).AddAsync(new DeadLetter(
                pending.Key, Key.AuthorizerAppId, message.MsgType, message.Event, pending.Xml, pending.ReceivedAt, attempt, result.Problem, now));
            await Store.WriteAsync(s => s.Pending.RemoveAll(p => p.Key == pending.Key) > 0);
            metrics.DeadLettered();
            LogDeadLettered(logger, Key.ComponentAppId, Key.AuthorizerAppId, attempt, result.Problem);
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
        LogRetrying(logger, Key.ComponentAppId, Key.AuthorizerAppId, attempt, result.Problem);
    }

    private (string Url, string Secret)? Webhook() =>
        wechat.Value.FindComponent(Key.ComponentAppId) is { WebhookUrl: { Length: > 0 } url, WebhookSecret: { Length: > 0 } secret }
            ? (url, secret)
            : null;

    private byte[] Body(string key, AccountMessage message, string xml, DateTimeOffset receivedAt) =>
        new WebhookDelivery(DeliveryId(key), Key.ComponentAppId, Key.AuthorizerAppId, receivedAt, WebhookMessage.From(message), xml).ToUtf8Json();

    /// <summary>The same for every attempt and every WeChat retry of one message, so business services can dedupe on it.</summary>
    private string DeliveryId(string key) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{this.GetPrimaryKeyString()}/{key}")))[..32];

    private void ForgetOldAnswers()
    {
        var horizon = time.GetUtcNow() - RememberFor;
        while (_recentOrder.TryPeek(out var oldest) && oldest.At < horizon)
        {
            _recentOrder.Dequeue();
            if (_recent.TryGetValue(oldest.Key, out var answer) && answer.IsCompleted)
            {
                _recent.Remove(oldest.Key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No webhook for {ComponentAppId}: {MsgType} {Event} of {AuthorizerAppId} answered success and not delivered")]
    private static partial void LogNoWebhook(ILogger logger, string componentAppId, string authorizerAppId, string msgType, string? @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of {ComponentAppId} did not take a message of {AuthorizerAppId} on attempt {Attempt} ({Problem}); it is stored and retried")]
    private static partial void LogRetrying(ILogger logger, string componentAppId, string authorizerAppId, int attempt, string? problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of {ComponentAppId} took a stored message of {AuthorizerAppId} on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string componentAppId, string authorizerAppId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook of {ComponentAppId} never took a message of {AuthorizerAppId} ({Attempt} attempts, last: {Problem}); it is now a dead letter")]
    private static partial void LogDeadLettered(ILogger logger, string componentAppId, string authorizerAppId, int attempt, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of {ComponentAppId} answered a message of {AuthorizerAppId} with an unusable reply: {Problem}")]
    private static partial void LogUnusableReply(ILogger logger, string componentAppId, string authorizerAppId, string problem);
}
