using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using WeChat.Options;

namespace Grains.Messages;

/// <summary>Instruments of delivery to webhooks (messages and authorization changes, by <c>type</c>); tags carry outcomes, never content.</summary>
public sealed class MessageMetrics
{
    public const string MeterName = "WeChat.Messages";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failedAttempts;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _undelivered;

    /// <summary>Stored deliveries per outbox active on this silo; an outbox with some keeps its activation while it retries.</summary>
    private readonly ConcurrentDictionary<string, (string Component, int Count)> _pending = new(StringComparer.Ordinal);

    private readonly IOptions<WeChatOptions> _wechat;

    public MessageMetrics(IMeterFactory meterFactory, IOptions<WeChatOptions> wechat)
    {
        _wechat = wechat;
        var meter = meterFactory.Create(MeterName);
        _delivered = meter.CreateCounter<long>("wechat.messages.delivered", description: "Deliveries a webhook took");
        _failedAttempts = meter.CreateCounter<long>("wechat.messages.failed_attempts", description: "Delivery attempts a webhook did not take");
        _deadLettered = meter.CreateCounter<long>("wechat.messages.dead_lettered", description: "Deliveries given up on");
        _duplicates = meter.CreateCounter<long>("wechat.messages.duplicates", description: "WeChat retries of a message already received");
        _undelivered = meter.CreateCounter<long>("wechat.messages.no_webhook", description: "Messages of platforms with no webhook");
        meter.CreateObservableGauge("wechat.messages.backlog", Backlog, description: "Deliveries stored for retry in the outboxes active on this silo");
    }

    public void Delivered(string type, bool firstAttempt) =>
        _delivered.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("attempt", firstAttempt ? "first" : "retry"));

    public void Failed(string type) => _failedAttempts.Add(1, new KeyValuePair<string, object?>("type", type));

    public void DeadLettered(string type) => _deadLettered.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Duplicate() => _duplicates.Add(1);

    public void NoWebhook() => _undelivered.Add(1);

    /// <summary>How many deliveries an account's outbox holds for retry (0 once it is empty or deactivated).</summary>
    public void Pending(string outbox, string componentAppId, int count)
    {
        if (count > 0)
        {
            _pending[outbox] = (componentAppId, count);
        }
        else
        {
            _pending.TryRemove(outbox, out _);
        }
    }

    /// <summary>Per platform, every configured one included, so an empty backlog reads 0 rather than nothing.</summary>
    private IEnumerable<Measurement<int>> Backlog() =>
        _pending.Values.Select(p => p.Component)
            .Union(_wechat.Value.Components.Select(c => c.AppId), StringComparer.Ordinal)
            .Select(component => new Measurement<int>(
                _pending.Values.Where(p => p.Component == component).Sum(p => p.Count),
                new KeyValuePair<string, object?>("component", component)));
}
