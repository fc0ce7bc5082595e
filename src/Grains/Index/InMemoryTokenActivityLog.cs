namespace Grains.Index;

/// <summary>The single-node activity log: the last day of minutes per platform.</summary>
public sealed class InMemoryTokenActivityLog : ITokenActivityLog
{
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<DateTimeOffset, (long Refreshes, long Failures, long Ticks)>> _minutes = new(StringComparer.Ordinal);

    public Task AddAsync(IReadOnlyCollection<TokenActivityCount> counts, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var count in counts)
            {
                if (!_minutes.TryGetValue(count.ComponentAppId, out var minutes))
                {
                    minutes = [];
                    _minutes[count.ComponentAppId] = minutes;
                }

                var (refreshes, failures, ticks) = minutes.GetValueOrDefault(count.Minute);
                minutes[count.Minute] = (refreshes + count.Refreshes, failures + count.Failures, ticks + count.Ticks);
                while (minutes.Count > 0 && minutes.First().Key < count.Minute - Kept)
                {
                    minutes.Remove(minutes.First().Key);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TokenActivityMinute>> ReadAsync(string componentAppId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<TokenActivityMinute> minutes = _minutes.TryGetValue(componentAppId, out var stored)
                ? [.. stored.Where(m => m.Key >= since).Select(m => new TokenActivityMinute(m.Key, m.Value.Refreshes, m.Value.Failures, m.Value.Ticks))]
                : [];
            return Task.FromResult(minutes);
        }
    }
}
