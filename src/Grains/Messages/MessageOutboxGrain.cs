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
/// One account's messages and authorization changes on their way to the platform's webhook. A message's first
/// attempt runs while WeChat waits, so its answer can become the passive reply; a message the webhook did not take
/// is stored before WeChat hears <c>success</c>. An authorization change is stored before the change is acknowledged
/// and sent from storage. Stored deliveries are retried with backoff on a timer (and a reminder, should the silo go)
/// until delivered or dead letters. Reentrant: one slow webhook call must not hold up the account's other messages.
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
    /// <summary>WeChat retries a message within about 15 seconds; answers are remembered well past that.</summary>
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, Task<string?>> _recent = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _recentOrder = new();
    private DurableState<OutboxState>? _store;

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

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Pending(this.GetPrimaryKeyString(), Key.ComponentAppId, 0);
        return Store.FlushAsync();
    }

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

            s.Pending.Add(new PendingDelivery
            {
                Key = letter.Id, Xml = letter.Xml, AuthorizationChange = letter.AuthorizationChange, ReleaseChange = letter.ReleaseChange, ReceivedAt = now, Attempts = 0, NextAttemptAt = now,
            });
            return true;
        });
        await KeepRetryingAsync();
    }

    public Task<int> GetPendingCountAsync() => Task.FromResult(state.State.Pending.Count);

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

        var result = await webhooks.SendAsync(webhook.Url, webhook.Secrets, DeliveryId(key), Body(key, message, xml, now), 1, Options.ReplyDeadline);
        if (result.Delivered)
        {
            metrics.Delivered(WebhookDelivery.MessageType, firstAttempt: true);
            return ReplyXml(result, message);
        }

        await Store.WriteAsync(s =>
        {
            if (s.Pending.Exists(p => p.Key == key))
            {
                return false;
            }

            s.Pending.Add(new PendingDelivery
            {
                Key = key, Xml = xml, ReceivedAt = now, Attempts = 1, NextAttemptAt = now + Options.DelayAfter(1), LastProblem = result.Problem,
            });
            return true;
        });
        metrics.Failed(WebhookDelivery.MessageType);
        LogRetrying(logger, Key.ComponentAppId, WebhookDelivery.MessageType, Key.AuthorizerAppId, 1, result.Problem);
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

    private PlatformWebhook? Webhook() => PlatformWebhook.Of(wechat.Value, Key.ComponentAppId);

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
}
