namespace Grains.Index;

/// <summary>
/// A platform's authorizers, one row per account, outside any grain's state: authorizing, revoking or refreshing one
/// account writes one row, whatever the number of accounts. PostgreSQL in a cluster, memory in a single node.
/// </summary>
public interface IAuthorizerIndex
{
    /// <summary>Writes the account's row unless the stored one was updated later (by a newer activation).</summary>
    Task UpsertAsync(AuthorizerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page and the filter's exact total. The total of a platform or a status comes from counters kept with the rows,
    /// whatever the number of accounts; an appid prefix's total is counted over the accounts with that prefix.
    /// </summary>
    Task<AuthorizerPage> ListAsync(string componentAppId, AuthorizerQuery query, CancellationToken cancellationToken = default);

    /// <summary>The platform's accounts per status, from the counters; a status without accounts is absent.</summary>
    Task<IReadOnlyDictionary<AuthorizerStatus, long>> CountByStatusAsync(string componentAppId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Authorized accounts counted by token time left, to the minute (<see cref="TokenHorizon"/>), in buckets bounded by
    /// <paramref name="bounds"/> (ascending), from counters kept per expiry minute, whatever the number of accounts.
    /// </summary>
    Task<IReadOnlyList<TokenHorizonBucket>> CountByTokenLeftAsync(string componentAppId, DateTimeOffset now, IReadOnlyList<TimeSpan> bounds, CancellationToken cancellationToken = default);

    /// <summary>Marks the accounts WeChat's authorizer list named in a reconciliation run that started at <paramref name="runStartedAt"/>.</summary>
    Task MarkListedAsync(string componentAppId, IReadOnlyCollection<string> authorizerAppIds, DateTimeOffset runStartedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Authorized accounts after <paramref name="after"/> (by appid), authorized before the run started at
    /// <paramref name="runStartedAt"/>, that the run has not marked.
    /// </summary>
    Task<IReadOnlyList<string>> ListUnlistedAsync(string componentAppId, DateTimeOffset runStartedAt, string? after, int limit, CancellationToken cancellationToken = default);
}
