using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Reminders;

namespace Grains.Bench;

/// <summary>B3's verdict, snapshots, readers' tallies and the instruments it reads.</summary>
internal static partial class RefreshAtScale
{
    private sealed record Verdict(int Refreshes, int CameDue, int Doubled, int Missed);

    private sealed record Snapshot(DateTimeOffset At, TimeSpan Cpu, TimeSpan Wall, long Ticks, long Writes, long StorageReads, long TokenTicks);

    private sealed class Reads
    {
        private long _total, _expired, _belowMinimum, _failed;

        public long Failed => Interlocked.Read(ref _failed);

        public void RecordFailure() => Interlocked.Increment(ref _failed);

        public long Total => Interlocked.Read(ref _total);

        public long Expired => Interlocked.Read(ref _expired);

        public long BelowMinimum => Interlocked.Read(ref _belowMinimum);

        public void Record(bool expired, bool belowMinimum)
        {
            Interlocked.Increment(ref _total);
            if (expired)
            {
                Interlocked.Increment(ref _expired);
            }

            if (belowMinimum)
            {
                Interlocked.Increment(ref _belowMinimum);
            }
        }
    }

    /// <summary>Orleans' own reminder and storage instruments and our refresh counter, and a wait for them to go quiet.</summary>
    private sealed class Counters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _counts = new();

        public Counters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is "orleans-reminders-ticks-delivered" or "orleans-storage-write-latency" or "orleans-storage-read-latency" or "wechat.token.refreshes" or "wechat.token.reminder_ticks")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counts.AddOrUpdate(instrument.Name, value, (_, n) => n + value));
            _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _counts.AddOrUpdate(instrument.Name, value, (_, n) => n + value));
            _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => _counts.AddOrUpdate(instrument.Name, 1, (_, n) => n + 1));
            _listener.Start();
        }

        public long Ticks => _counts.GetValueOrDefault("orleans-reminders-ticks-delivered");

        public long Writes => _counts.GetValueOrDefault("orleans-storage-write-latency");

        public long StorageReads => _counts.GetValueOrDefault("orleans-storage-read-latency");

        /// <summary>Reminder ticks the token grains received (authorizers and the component), from <c>WeChat.Tokens</c>.</summary>
        public long TokenTicks => _counts.GetValueOrDefault("wechat.token.reminder_ticks");

        /// <summary>
        /// Returns once no tick, refresh or write has happened for 200 ms: the simulated minute's work is done. Storage
        /// reads are left out: readers waking deactivated authorizers read storage all the time.
        /// </summary>
        public async Task SettleAsync()
        {
            var last = -1L;
            var quiet = 0;
            while (quiet < 8)
            {
                await Task.Delay(25);
                var now = _counts.Where(c => c.Key != "orleans-storage-read-latency").Sum(c => c.Value);
                quiet = now == last ? quiet + 1 : 0;
                last = now;
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
