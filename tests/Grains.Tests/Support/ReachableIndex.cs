using Grains.Index;

namespace Grains.Tests.Support;

/// <summary>The cluster's in-memory index behind a database connection a test can cut: while cut, every write fails.</summary>
public sealed class ReachableIndex(InMemoryAuthorizerIndex index) : IAuthorizerIndex
{
    public bool Cut { get; set; }

    public Task UpsertAsync(AuthorizerEntry entry, CancellationToken cancellationToken = default) =>
        Cut ? throw new IOException("The index is unreachable.") : index.UpsertAsync(entry, cancellationToken);

    public Task<AuthorizerPage> ListAsync(string componentAppId, AuthorizerQuery query, CancellationToken cancellationToken = default) =>
        index.ListAsync(componentAppId, query, cancellationToken);

    public Task<IReadOnlyDictionary<AuthorizerStatus, long>> CountByStatusAsync(string componentAppId, CancellationToken cancellationToken = default) =>
        index.CountByStatusAsync(componentAppId, cancellationToken);

    public Task<IReadOnlyList<TokenHorizonBucket>> CountByTokenLeftAsync(string componentAppId, DateTimeOffset now, IReadOnlyList<TimeSpan> bounds, CancellationToken cancellationToken = default) =>
        index.CountByTokenLeftAsync(componentAppId, now, bounds, cancellationToken);

    public Task MarkListedAsync(string componentAppId, IReadOnlyCollection<string> authorizerAppIds, DateTimeOffset runStartedAt, CancellationToken cancellationToken = default) =>
        index.MarkListedAsync(componentAppId, authorizerAppIds, runStartedAt, cancellationToken);

    public Task<IReadOnlyList<string>> ListUnlistedAsync(string componentAppId, DateTimeOffset runStartedAt, string? after, int limit, CancellationToken cancellationToken = default) =>
        index.ListUnlistedAsync(componentAppId, runStartedAt, after, limit, cancellationToken);
}
