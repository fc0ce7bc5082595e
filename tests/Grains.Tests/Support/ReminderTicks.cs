using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Reminders.Diagnostics;
using Orleans.TestingHost;

namespace Grains.Tests.Support;

/// <summary>
/// The reminder ticks one test cluster's silos delivered, as Orleans' reminder diagnostics report them, so a test that
/// moves the fake clock waits until every reminder the move made due has reached its grain and been answered.
/// Before the clock moves, every reminder must have armed its wait for its next tick: a wait armed after the clock
/// passed the tick computes its next occurrence from the new time, and that tick would never come.
/// </summary>
public sealed class ReminderTicks : IObserver<ReminderEvents.ReminderEvent>, IDisposable
{
    private readonly InProcessTestCluster _cluster;
    private readonly HashSet<SiloAddress> _silos;
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), DateTime> _lastDelivered = new();
    private readonly IDisposable _subscription;
    private readonly Lock _lock = new();
    private readonly Dictionary<object, LocalReminder> _local = new(ReferenceEqualityComparer.Instance);
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

    /// <summary>Until every stored reminder has a local instance on some silo waiting for its next tick, and none is mid-change.</summary>
    public Task ArmedAsync() =>
        Eventually.Until(async () =>
        {
            var stored = await ScheduleAsync();
            var running = _cluster.Silos.Select(s => s.SiloAddress).ToHashSet();
            lock (_lock)
            {
                var local = _local.Values.Where(r => running.Contains(r.Silo)).ToList();
                var armed = local.Where(r => r.Armed).Select(r => (r.Grain, r.Name)).ToHashSet();
                return local.All(r => r.Armed) && stored.All(r => armed.Contains((r.GrainId, r.ReminderName)));
            }
        }, what: "every reminder armed its wait for its next tick");

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
            case ReminderEvents.TickFiring firing:
                Interlocked.Increment(ref _inFlight);
                Track(firing.GrainId, firing.ReminderName, silo);
                break;
            case ReminderEvents.LocalReminderStarted started:
                Track(started.Identity, started.GrainId, started.ReminderName, silo, r => r.Armed = false);
                break;
            case ReminderEvents.LocalReminderScheduleChanged changed:
                Track(changed.Identity, changed.GrainId, changed.ReminderName, silo, r =>
                {
                    r.Version = Math.Max(r.Version, changed.ScheduleVersion);
                    r.Armed = r.ArmedVersion >= r.Version;
                });
                break;
            case ReminderEvents.LocalReminderTickWaitArmed armed:
                Track(armed.Identity, armed.GrainId, armed.ReminderName, silo, r =>
                {
                    if (armed.ScheduleVersion >= r.Version)
                    {
                        r.ArmedVersion = armed.ScheduleVersion;
                        r.Armed = true;
                    }
                });
                break;
            case ReminderEvents.LocalReminderStopped stopped:
                lock (_lock)
                {
                    _local.Remove(stopped.Identity);
                }

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

    private void Track(object identity, GrainId grain, string name, SiloAddress silo, Action<LocalReminder> change)
    {
        lock (_lock)
        {
            if (!_local.TryGetValue(identity, out var reminder))
            {
                _local[identity] = reminder = new LocalReminder(grain, name, silo);
            }

            change(reminder);
        }
    }

    /// <summary>A tick is firing: its instance waits for nothing until it arms the wait for the tick after.</summary>
    private void Track(GrainId grain, string name, SiloAddress silo)
    {
        lock (_lock)
        {
            foreach (var reminder in _local.Values.Where(r => r.Grain == grain && r.Name == name && r.Silo == silo))
            {
                reminder.Armed = false;
            }
        }
    }

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

    /// <summary>One silo's local instance of a reminder, as its diagnostics describe it.</summary>
    private sealed class LocalReminder(GrainId grain, string name, SiloAddress silo)
    {
        public GrainId Grain { get; } = grain;

        public string Name { get; } = name;

        public SiloAddress Silo { get; } = silo;

        public long Version { get; set; }

        public long ArmedVersion { get; set; } = -1;

        public bool Armed { get; set; }
    }
}
