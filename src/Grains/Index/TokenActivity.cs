using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grains.Index;

/// <summary>
/// Counts this silo's refreshes, failures and reminder ticks per platform and minute, and hands them to the activity log every few
/// seconds: one write per platform and minute per silo, whatever the number of accounts.
/// </summary>
public sealed partial class TokenActivity(
    ITokenActivityLog log,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    ILogger<TokenActivity> logger) : BackgroundService
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(string Component, DateTimeOffset Minute), Counts> _pending = new();

    public void Refreshed(string componentAppId) => Interlocked.Increment(ref CountsOf(componentAppId).Refreshes);

    public void Failed(string componentAppId) => Interlocked.Increment(ref CountsOf(componentAppId).Failures);

    public void Ticked(string componentAppId) => Interlocked.Increment(ref CountsOf(componentAppId).Ticks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var counts = new List<TokenActivityCount>();
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var taken))
            {
                counts.Add(new TokenActivityCount(key.Component, key.Minute, Interlocked.Read(ref taken.Refreshes), Interlocked.Read(ref taken.Failures), Interlocked.Read(ref taken.Ticks)));
            }
        }

        if (counts.Count == 0)
        {
            return;
        }

        try
        {
            await log.AddAsync(counts, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The status page's picture is a convenience: counts that cannot be written are dropped, never retried forever.
            LogNotWritten(logger, counts.Count, ex.GetType().Name);
        }
    }

    private Counts CountsOf(string componentAppId)
    {
        var now = time.GetUtcNow();
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        return _pending.GetOrAdd((componentAppId, minute), _ => new Counts());
    }

    private sealed class Counts
    {
        public long Refreshes;
        public long Failures;
        public long Ticks;
    }

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Token activity of {Count} platform-minutes not written ({Error}); the status page misses them")]
    private static partial void LogNotWritten(ILogger logger, int count, string error);
}
