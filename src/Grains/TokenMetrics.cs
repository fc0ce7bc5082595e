using System.Diagnostics.Metrics;
using Grains.Index;

namespace Grains;

/// <summary>
/// OpenTelemetry-ready instruments. Tags carry kinds and outcomes, never a token or a secret. Refreshes and failures
/// also go to the per-minute activity the status page draws.
/// </summary>
public sealed class TokenMetrics
{
    public const string MeterName = "WeChat.Tokens";

    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _remainingAtRefresh;
    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _ticks;

    private readonly TokenActivity _activity;

    public TokenMetrics(IMeterFactory meterFactory, TokenActivity activity)
    {
        _activity = activity;
        var meter = meterFactory.Create(MeterName);
        _refreshes = meter.CreateCounter<long>("wechat.token.refreshes", description: "Tokens obtained from WeChat");
        _failures = meter.CreateCounter<long>("wechat.token.failures", description: "Failed WeChat token calls by error class");
        _remainingAtRefresh = meter.CreateHistogram<double>("wechat.token.remaining_at_refresh", unit: "s", description: "Time the old token had left when it was replaced");
        _ticks = meter.CreateCounter<long>("wechat.token.reminder_ticks", description: "Reminder ticks of token grains");
        _statusChanges = meter.CreateCounter<long>("wechat.authorizer.status_changes", description: "Authorizers entering a status");
    }

    public void Refreshed(string componentAppId, string kind, TimeSpan remaining)
    {
        _activity.Refreshed(componentAppId);
        _refreshes.Add(1, new KeyValuePair<string, object?>("kind", kind));
        _remainingAtRefresh.Record(Math.Max(0, remaining.TotalSeconds), new KeyValuePair<string, object?>("kind", kind));
    }

    public void Failed(string componentAppId, string kind, string errorClass)
    {
        _activity.Failed(componentAppId);
        _failures.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("class", errorClass));
    }

    /// <summary>A token grain's reminder woke it; with one tick per token lifetime this follows the refreshes.</summary>
    public void Ticked(string componentAppId, string kind)
    {
        _activity.Ticked(componentAppId);
        _ticks.Add(1, new KeyValuePair<string, object?>("kind", kind));
    }

    public void StatusChanged(AuthorizerStatus status) =>
        _statusChanges.Add(1, new KeyValuePair<string, object?>("status", status.ToString()));
}
