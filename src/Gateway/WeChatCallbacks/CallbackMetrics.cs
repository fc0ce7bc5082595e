using System.Diagnostics.Metrics;
using Grains.Messages;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// WeChat's pushes as this gateway saw them, on the <c>WeChat.Messages</c> meter: repeats of pushes already handled,
/// pushes acknowledged though they can never be handled (each also logged as an error), and release-test work refused
/// for want of room. Tags carry kinds, never content.
/// </summary>
public sealed class CallbackMetrics
{
    private readonly Counter<long> _repeated;
    private readonly Counter<long> _unhandleable;
    private readonly Counter<long> _releaseTestDropped;

    public CallbackMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MessageMetrics.MeterName);
        _repeated = meter.CreateCounter<long>("wechat.pushes.repeated", description: "Pushes that repeated one already handled, answered as the first");
        _unhandleable = meter.CreateCounter<long>("wechat.pushes.unhandleable", description: "Pushes acknowledged that can never be handled");
        _releaseTestDropped = meter.CreateCounter<long>("wechat.release_test.dropped", description: "QUERY_AUTH_CODE answers not started: too many running");
    }

    public void Repeated(string route) => _repeated.Add(1, new KeyValuePair<string, object?>("route", route));

    public void Unhandleable(string infoType, string reason) =>
        _unhandleable.Add(1, new KeyValuePair<string, object?>("info_type", infoType), new KeyValuePair<string, object?>("reason", reason));

    public void ReleaseTestDropped() => _releaseTestDropped.Add(1);
}
