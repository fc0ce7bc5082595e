using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Reminders.Diagnostics;
using Orleans.TestingHost;

namespace Grains.Tests.Support;

/// <summary>
/// The reminder ticks one test cluster's silos delivered, as Orleans' reminder diagnostics report them, so a test that
/// moves the fake clock waits until every reminder the move made due has reached its grain and been answered.
/// </summary>
public sealed class ReminderTicks : IObserver<ReminderEvents.ReminderEvent>, IDisposable
{
    private readonly InProcessTestCluster _cluster;
    private readonly HashSet<SiloAddress> _silos;
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), DateTime> _lastDelivered = new();
    private readonly IDisposable _subscription;
    private int _inFlight;

    public ReminderTicks(InProcessTestCluster cluster)
    {
        _cluster = cluster;
        _silos = [.. cluster.Silos.Select(s => s.SiloAddress)];
        _subscription = ReminderEvents.AllEvents.Subscribe(this);
    }

    private IReminderTable Table => _cluster.Silos[0].SiloHost.Services.GetRequiredService<IReminderTable>();

    /// <summary>Every reminder of the cluster as stored now, to compare with after the clock moved.</summary>
    public async Task<IReadOnlyList<ReminderEntry>> ScheduleAsync() => [.. (await Table.ReadRows(0, uint.MaxValue)).Reminders];

    /// <summary>
    /// Until each reminder of <paramref name="schedule"/> with an occurrence from <paramref name="from"/> up to
    /// <paramref name="to"/> has had a tick delivered since that occurrence, or was moved or removed (its grain
    /// dealt with it), and no tick is still being delivered.
    /// </summary>
    public Task DeliveredAsync(IReadOnlyList<ReminderEntry> schedule, DateTimeOffset from, DateTimeOffset to) =>
        Eventually.Until(async () =>
        {
            if (Volatile.Read(ref _inFlight) > 0)
            {
                return false;
            }

            var stored = (await ScheduleAsync()).ToDictionary(r => (r.GrainId, r.ReminderName), r => r.ETag);
            var delivered = schedule.All(reminder =>
                LatestOccurrence(reminder, to.UtcDateTime) is not { } due
                || due < from.UtcDateTime
                || stored.GetValueOrDefault((reminder.GrainId, reminder.ReminderName)) != reminder.ETag
                || _lastDelivered.TryGetValue((reminder.GrainId, reminder.ReminderName), out var at) && at >= due);

            // Read again: a tick that began while the table was read may be what moved a reminder.
            return delivered && Volatile.Read(ref _inFlight) == 0;
        }, what: $"the reminders due from {from:u} to {to:u} were delivered");

    public void OnNext(ReminderEvents.ReminderEvent value)
    {
        if (value.SiloAddress is not { } silo || !_silos.Contains(silo))
        {
            return;
        }

        switch (value)
        {
            case ReminderEvents.TickFiring:
                Interlocked.Increment(ref _inFlight);
                break;
            case ReminderEvents.TickCompleted completed:
                Delivered(completed.GrainId, completed.ReminderName, completed.Status);
                break;
            case ReminderEvents.TickFailed failed:
                Delivered(failed.GrainId, failed.ReminderName, failed.Status);
                break;
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose() => _subscription.Dispose();

    private void Delivered(GrainId grain, string name, TickStatus status)
    {
        _lastDelivered.AddOrUpdate((grain, name), status.CurrentTickTime, (_, before) => before > status.CurrentTickTime ? before : status.CurrentTickTime);
        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>The reminder's last occurrence at or before <paramref name="now"/> (its start, then every period), if any.</summary>
    private static DateTime? LatestOccurrence(ReminderEntry reminder, DateTime now)
    {
        if (reminder.StartAt > now)
        {
            return null;
        }

        return reminder.Period <= TimeSpan.Zero
            ? reminder.StartAt
            : reminder.StartAt + (now - reminder.StartAt).Ticks / reminder.Period.Ticks * reminder.Period;
    }
}
