namespace Grains.Index;

/// <summary>
/// Buckets of token time left: one for accounts without a token, then one per interval between the bounds. Accounts are
/// counted by the minute their token expires in, from the start of the current minute, so the counts can be kept per
/// expiry minute as tokens are written instead of computed from every account's row (a token expiring in the current
/// minute has under a minute left, even in the seconds after it expired).
/// </summary>
public static class TokenHorizon
{
    /// <summary>The bounds the status page shows: a backlog of tokens near expiry stands out in the first buckets.</summary>
    public static IReadOnlyList<TimeSpan> DefaultBounds { get; } =
    [
        TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
    ];

    /// <summary>The start of the minute <paramref name="instant"/> falls in, as PostgreSQL's <c>authorizer_token_expiry_minute</c>.</summary>
    public static DateTimeOffset Minute(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    /// <summary>Buckets from accounts counted by expiry minute (null: no token), as seen at <paramref name="now"/>.</summary>
    public static IReadOnlyList<TokenHorizonBucket> Count(IEnumerable<KeyValuePair<DateTimeOffset?, long>> byExpiryMinute, DateTimeOffset now, IReadOnlyList<TimeSpan> bounds)
    {
        var minute = Minute(now);
        var counts = new long[bounds.Count + 2];
        foreach (var (expiryMinute, accounts) in byExpiryMinute)
        {
            counts[Bucket(expiryMinute - minute, bounds)] += accounts;
        }

        return Buckets(bounds, counts);
    }

    /// <summary>0: no token; 1: under the first bound; i + 1: between bound i - 1 and bound i; last: above the last bound.</summary>
    public static int Bucket(TimeSpan? left, IReadOnlyList<TimeSpan> bounds)
    {
        if (left is not { } value)
        {
            return 0;
        }

        var i = 0;
        while (i < bounds.Count && value >= bounds[i])
        {
            i++;
        }

        return i + 1;
    }

    public static IReadOnlyList<TokenHorizonBucket> Buckets(IReadOnlyList<TimeSpan> bounds, IReadOnlyList<long> counts)
    {
        var buckets = new List<TokenHorizonBucket>(counts.Count) { new(null, null, counts[0]) };
        for (var i = 1; i < counts.Count; i++)
        {
            buckets.Add(new TokenHorizonBucket(i == 1 ? null : bounds[i - 2], i - 1 < bounds.Count ? bounds[i - 1] : null, counts[i]));
        }

        return buckets;
    }
}
