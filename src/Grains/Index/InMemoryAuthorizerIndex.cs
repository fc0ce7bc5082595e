namespace Grains.Index;

/// <summary>
/// The single-node authorizer index: sorted in memory, lost on restart like the rest of a single node's state. Counts
/// per status and authorized accounts per token expiry minute move with each write, as PostgreSQL's counters do, so
/// totals are read rather than counted.
/// </summary>
public sealed class InMemoryAuthorizerIndex : IAuthorizerIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Platform> _platforms = new(StringComparer.Ordinal);

    public Task UpsertAsync(AuthorizerEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var platform = PlatformOf(entry.ComponentAppId);
            if (platform.Entries.TryGetValue(entry.AuthorizerAppId, out var stored) && stored.Entry.UpdatedAt > entry.UpdatedAt)
            {
                return Task.CompletedTask;
            }

            platform.Entries[entry.AuthorizerAppId] = new Row(entry, stored?.ListedAt);
            if (stored is not null)
            {
                platform.Counts[stored.Entry.Status]--;
                platform.CountExpiry(stored.Entry, -1);
            }

            platform.Counts[entry.Status] = platform.Counts.GetValueOrDefault(entry.Status) + 1;
            platform.CountExpiry(entry, 1);
        }

        return Task.CompletedTask;
    }

    public Task<AuthorizerPage> ListAsync(string componentAppId, AuthorizerQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var rows = Rows(componentAppId).Where(r => (query.Status is not { } status || r.Entry.Status == status)
                && (query.AppIdPrefix is null || r.Entry.AuthorizerAppId.StartsWith(query.AppIdPrefix, StringComparison.Ordinal)));
            var total = Total(componentAppId, query, rows);
            var page = rows
                .Where(r => query.After is null || string.CompareOrdinal(r.Entry.AuthorizerAppId, query.After) > 0)
                .Take(query.Limit + 1)
                .Select(r => r.Entry)
                .ToList();
            var hasMore = page.Count > query.Limit;
            return Task.FromResult(new AuthorizerPage(hasMore ? page[..query.Limit] : page, total, hasMore));
        }
    }

    public Task<IReadOnlyDictionary<AuthorizerStatus, long>> CountByStatusAsync(string componentAppId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<AuthorizerStatus, long> counts = _platforms.TryGetValue(componentAppId, out var platform)
                ? platform.Counts.Where(c => c.Value > 0).ToDictionary()
                : [];
            return Task.FromResult(counts);
        }
    }

    public Task<IReadOnlyList<TokenHorizonBucket>> CountByTokenLeftAsync(string componentAppId, DateTimeOffset now, IReadOnlyList<TimeSpan> bounds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var expiries = _platforms.TryGetValue(componentAppId, out var platform)
                ? platform.Expiries.Select(e => KeyValuePair.Create(e.Key == DateTimeOffset.MinValue ? null : (DateTimeOffset?)e.Key, e.Value))
                : [];
            return Task.FromResult(TokenHorizon.Count(expiries, now, bounds));
        }
    }

    public Task MarkListedAsync(string componentAppId, IReadOnlyCollection<string> authorizerAppIds, DateTimeOffset runStartedAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var platform = PlatformOf(componentAppId);
            foreach (var appId in authorizerAppIds)
            {
                if (platform.Entries.TryGetValue(appId, out var row))
                {
                    platform.Entries[appId] = row with { ListedAt = runStartedAt };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListUnlistedAsync(string componentAppId, DateTimeOffset runStartedAt, string? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<string> unlisted = [.. Rows(componentAppId)
                .Where(r => r.Entry.Status == AuthorizerStatus.Authorized && (r.ListedAt is null || r.ListedAt < runStartedAt)
                    && (r.Entry.AuthorizedAt is null || r.Entry.AuthorizedAt < runStartedAt))
                .Select(r => r.Entry.AuthorizerAppId)
                .Where(id => after is null || string.CompareOrdinal(id, after) > 0)
                .Take(limit)];
            return Task.FromResult(unlisted);
        }
    }

    private long Total(string componentAppId, AuthorizerQuery query, IEnumerable<Row> matching)
    {
        // A prefix names a range of appids, counted over that range as PostgreSQL does.
        if (query.AppIdPrefix is not null)
        {
            return matching.LongCount();
        }

        if (!_platforms.TryGetValue(componentAppId, out var platform))
        {
            return 0;
        }

        return query.Status is { } status ? platform.Counts.GetValueOrDefault(status) : platform.Entries.Count;
    }

    private IEnumerable<Row> Rows(string componentAppId) =>
        _platforms.TryGetValue(componentAppId, out var platform) ? platform.Entries.Values : [];

    private Platform PlatformOf(string componentAppId)
    {
        if (!_platforms.TryGetValue(componentAppId, out var platform))
        {
            platform = new Platform();
            _platforms[componentAppId] = platform;
        }

        return platform;
    }

    private sealed class Platform
    {
        public SortedDictionary<string, Row> Entries { get; } = new(StringComparer.Ordinal);

        public Dictionary<AuthorizerStatus, long> Counts { get; } = [];

        /// <summary>Authorized accounts by token expiry minute; <see cref="DateTimeOffset.MinValue"/> for no token. No zero entries.</summary>
        public Dictionary<DateTimeOffset, long> Expiries { get; } = [];

        public void CountExpiry(AuthorizerEntry entry, long delta)
        {
            if (entry.Status != AuthorizerStatus.Authorized)
            {
                return;
            }

            var minute = entry.TokenExpiresAt is { } expiresAt ? TokenHorizon.Minute(expiresAt) : DateTimeOffset.MinValue;
            var accounts = Expiries.GetValueOrDefault(minute) + delta;
            if (accounts == 0)
            {
                Expiries.Remove(minute);
            }
            else
            {
                Expiries[minute] = accounts;
            }
        }
    }

    private sealed record Row(AuthorizerEntry Entry, DateTimeOffset? ListedAt);
}
