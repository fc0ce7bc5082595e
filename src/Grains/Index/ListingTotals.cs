using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Grains.Index;

/// <summary>
/// The totals listing reports (<c>X-Total-Count</c>), per platform and filter, as counted a moment ago on this silo.
/// Counting is the one part of listing whose cost grows with the number of accounts; walking a million accounts a
/// page at a time would otherwise count them all again for every page. A first page always counts afresh; a later
/// page's total may lag the index by <see cref="Freshness"/>; the pages themselves never do.
/// </summary>
public sealed class ListingTotals([FromKeyedServices(GrainClock.Key)] TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<(string Component, AuthorizerStatus? Status, string? Prefix), (long Total, DateTimeOffset CountedAt)> _totals = new();

    public long? Recent(string componentAppId, AuthorizerQuery query) =>
        _totals.TryGetValue(Key(componentAppId, query), out var counted) && time.GetUtcNow() - counted.CountedAt < Freshness ? counted.Total : null;

    public void Counted(string componentAppId, AuthorizerQuery query, long total)
    {
        // Searches by prefix can be many: forget everything rather than grow without bound.
        if (_totals.Count >= MaxRemembered)
        {
            _totals.Clear();
        }

        _totals[Key(componentAppId, query)] = (total, time.GetUtcNow());
    }

    private static (string, AuthorizerStatus?, string?) Key(string componentAppId, AuthorizerQuery query) => (componentAppId, query.Status, query.AppIdPrefix);
}
