namespace Grains.Bench.Simulated;

/// <summary>
/// A clock moved by hand, for a million timers. FakeTimeProvider looks through every timer it holds on each reading
/// of the time, under one lock: with one reminder timer per account, B3 at a million accounts spent its cores there.
/// Here a reading is one field, and timers wait in a queue ordered by due time; a timer changed or disposed leaves its
/// old entry behind, skipped when it comes up.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Entry, (long Due, long Order)> _queue = new();
    private long _ticks = start.UtcTicks;
    private long _order;

    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Volatile.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing each timer that comes due on the way, in order, as its due time passes.</summary>
    public void Advance(TimeSpan by)
    {
        var target = GetUtcNow().UtcTicks + by.Ticks;
        while (NextDue(target) is { } entry)
        {
            entry.Timer.Fire(entry.Version);
        }

        lock (_gate)
        {
            Volatile.Write(ref _ticks, Math.Max(_ticks, target));
        }
    }

    private Entry? NextDue(long target)
    {
        lock (_gate)
        {
            while (_queue.TryPeek(out var entry, out var at) && at.Due <= target)
            {
                _queue.Dequeue();
                if (entry.Timer.IsCurrent(entry.Version))
                {
                    // A millisecond past due: Task.Delay counts whole milliseconds, so a wait for an instant less
                    // than one away would complete at once, again and again, on a clock that reads the due time.
                    Volatile.Write(ref _ticks, Math.Max(_ticks, at.Due + TimeSpan.TicksPerMillisecond));
                    return entry;
                }
            }

            return null;
        }
    }

    private void Schedule(Timer timer, long version, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _queue.Enqueue(new Entry(timer, version), (_ticks + Math.Max(0, dueTime.Ticks), _order++));
        }
    }

    private sealed record Entry(Timer Timer, long Version);

    private sealed class Timer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _version;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool IsCurrent(long version) => Interlocked.Read(ref _version) == version;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var version = Interlocked.Increment(ref _version);
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return true;
            }

            // Due now: fired on the thread pool as a real timer would, not on the next move of the clock.
            if (dueTime <= TimeSpan.Zero)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => Fire(version), null);
            }
            else
            {
                clock.Schedule(this, version, dueTime);
            }

            return true;
        }

        /// <summary>Runs the callback unless the timer was changed or disposed since; a periodic one is due again a period later.</summary>
        public void Fire(long version)
        {
            if (!IsCurrent(version))
            {
                return;
            }

            if (_period > TimeSpan.Zero)
            {
                clock.Schedule(this, version, _period);
            }

            callback(state);
        }

        public void Dispose() => Interlocked.Increment(ref _version);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
