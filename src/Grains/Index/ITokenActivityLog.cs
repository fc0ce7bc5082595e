namespace Grains.Index;

/// <summary>Per-minute counts of refreshes, failures and reminder ticks per platform, added by every silo and read by the status page.</summary>
public interface ITokenActivityLog
{
    Task AddAsync(IReadOnlyCollection<TokenActivityCount> counts, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TokenActivityMinute>> ReadAsync(string componentAppId, DateTimeOffset since, CancellationToken cancellationToken = default);
}

public sealed record TokenActivityCount(string ComponentAppId, DateTimeOffset Minute, long Refreshes, long Failures, long Ticks);
