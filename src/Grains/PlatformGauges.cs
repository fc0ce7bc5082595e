using System.Diagnostics.Metrics;
using Grains.Index;
using Grains.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.Options;

namespace Grains;

/// <summary>
/// Gauges of what each platform holds, where the counters tell what it did: when its newest ticket arrived, its tokens
/// by time left (the component token, and every authorized account's from the authorizer index, as the status page
/// counts them) and the dead letters it keeps. Read from a snapshot at most <see cref="Freshness"/> old, retaken in the
/// background when a metrics reader collects (a Prometheus scrape, an OTLP export): with no reader, nothing is read.
/// The figures are the cluster's, so every silo reports the same ones; dashboards and alerts take the max across silos.
/// </summary>
public sealed partial class PlatformGauges(
    IMeterFactory meters,
    IGrainFactory grains,
    IAuthorizerIndex index,
    IOptions<WeChatOptions> wechat,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    ILogger<PlatformGauges> logger) : IHostedService
{
    /// <summary>A minute: the index query counts every account of a platform, on every silo that is scraped.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private IReadOnlyDictionary<string, PlatformSnapshot> _snapshots = new Dictionary<string, PlatformSnapshot>();
    private DateTimeOffset _sampledAt = DateTimeOffset.MinValue;
    private Task _sampling = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var tokens = meters.Create(TokenMetrics.MeterName);
        tokens.CreateObservableGauge("wechat.ticket.received_time", () => Current().SelectMany(p => p.Tickets), unit: "s",
            description: "When the platform's newest component_verify_ticket was pushed, in Unix seconds");
        tokens.CreateObservableGauge("wechat.tokens", () => Current().SelectMany(p => p.Tokens),
            description: "Tokens by kind and time left (left: none, expired, <1m ... >=2h); authorizers: authorized accounts only");
        meters.Create(MessageMetrics.MeterName).CreateObservableGauge("wechat.messages.dead_letters", () => Current().SelectMany(p => p.DeadLetters),
            description: "Dead letters the platform holds until an operator redelivers them");
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _sampling.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The last snapshots; starts taking the next ones when they are stale and none are being taken.</summary>
    private IEnumerable<PlatformSnapshot> Current()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now - _sampledAt >= Freshness && _sampling.IsCompleted && !_stopping.IsCancellationRequested)
            {
                _sampledAt = now;
                _sampling = Task.Run(SampleAsync);
            }

            return _snapshots.Values;
        }
    }

    /// <summary>
    /// Reads every configured platform; one that cannot be read keeps its previous figures, and the next scrape tries
    /// again rather than a minute later (a scrape comes every 15-30 s, so a failing read costs little).
    /// </summary>
    private async Task SampleAsync()
    {
        var snapshots = new Dictionary<string, PlatformSnapshot>(StringComparer.Ordinal);
        var failed = false;
        foreach (var component in wechat.Value.Components)
        {
            try
            {
                snapshots[component.AppId] = await PlatformSnapshot.ReadAsync(component.AppId, grains, index, time.GetUtcNow(), _stopping.Token);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                LogSampleFailed(logger, component.AppId, ex);
                failed = true;
                if (_snapshots.TryGetValue(component.AppId, out var previous))
                {
                    snapshots[component.AppId] = previous;
                }
            }
        }

        lock (_lock)
        {
            _snapshots = snapshots;
            if (failed)
            {
                _sampledAt = DateTimeOffset.MinValue;
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Could not read the gauges of platform {ComponentAppId}; the metrics keep their previous values")]
    private static partial void LogSampleFailed(ILogger logger, string componentAppId, Exception exception);
}
