using System.Diagnostics.Metrics;

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

    public MessageMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _delivered = meter.CreateCounter<long>("wechat.messages.delivered", description: "Deliveries a webhook took");
        _failedAttempts = meter.CreateCounter<long>("wechat.messages.failed_attempts", description: "Delivery attempts a webhook did not take");
        _deadLettered = meter.CreateCounter<long>("wechat.messages.dead_lettered", description: "Deliveries given up on");
        _duplicates = meter.CreateCounter<long>("wechat.messages.duplicates", description: "WeChat retries of a message already received");
        _undelivered = meter.CreateCounter<long>("wechat.messages.no_webhook", description: "Messages of platforms with no webhook");
    }

    public void Delivered(string type, bool firstAttempt) =>
        _delivered.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("attempt", firstAttempt ? "first" : "retry"));

    public void Failed(string type) => _failedAttempts.Add(1, new KeyValuePair<string, object?>("type", type));

    public void DeadLettered(string type) => _deadLettered.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Duplicate() => _duplicates.Add(1);

    public void NoWebhook() => _undelivered.Add(1);
}
