using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Grains.Index;

/// <summary>
/// The authorizer index in PostgreSQL (table <c>authorizer_index</c>, migration 0003): one row per account, read by
/// appid ranges and the (status, appid) index, and counted by the counters its triggers keep (<c>authorizer_counts</c>,
/// migration 0004; <c>authorizer_token_expiries</c>, migration 0005), so a page, its total and the status page's counts
/// cost the same at a hundred accounts or a million.
/// </summary>
public sealed class PostgresAuthorizerIndex(NpgsqlDataSource database, IOptions<ClusterOptions> cluster) : IAuthorizerIndex
{
    private const string Columns = "authorizer_appid, status, permission_sets, token_expires_at, nick_name, user_name, is_mini_program, last_problem, authorized_at, updated_at";

    private string ServiceId => cluster.Value.ServiceId;

    public async Task UpsertAsync(AuthorizerEntry entry, CancellationToken cancellationToken = default)
    {
        // A stale activation's write never replaces a newer one; an unchanged row is not rewritten.
        await using var command = database.CreateCommand($"""
            INSERT INTO authorizer_index (service_id, component_appid, {Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (service_id, component_appid, authorizer_appid) DO UPDATE SET
                status = excluded.status, permission_sets = excluded.permission_sets, token_expires_at = excluded.token_expires_at,
                nick_name = excluded.nick_name, user_name = excluded.user_name, is_mini_program = excluded.is_mini_program,
                last_problem = excluded.last_problem, authorized_at = excluded.authorized_at, updated_at = excluded.updated_at
            WHERE authorizer_index.updated_at <= excluded.updated_at
              AND (authorizer_index.status, authorizer_index.permission_sets, authorizer_index.token_expires_at, authorizer_index.nick_name,
                   authorizer_index.user_name, authorizer_index.is_mini_program, authorizer_index.last_problem, authorizer_index.authorized_at)
                  IS DISTINCT FROM
                  (excluded.status, excluded.permission_sets, excluded.token_expires_at, excluded.nick_name,
                   excluded.user_name, excluded.is_mini_program, excluded.last_problem, excluded.authorized_at)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.ComponentAppId });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.AuthorizerAppId });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)entry.Status });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.PermissionSets.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(Timestamp(entry.TokenExpiresAt));
        command.Parameters.Add(Text(entry.NickName));
        command.Parameters.Add(Text(entry.UserName));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.IsMiniProgram ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        command.Parameters.Add(Text(entry.LastProblem));
        command.Parameters.Add(Timestamp(entry.AuthorizedAt));
        command.Parameters.Add(Timestamp(entry.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<AuthorizerPage> ListAsync(string componentAppId, AuthorizerQuery query, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => ListAsyncOnce(componentAppId, query, cancellationToken));

    private async Task<AuthorizerPage> ListAsyncOnce(string componentAppId, AuthorizerQuery query, CancellationToken cancellationToken)
    {
        // The page and the filter's total in one round trip. $3 status and $4 prefix are optional filters. The total
        // sums the platform's counters (migration 0004) unless a prefix asks for a range of appids, which is counted
        // by walking that range of the index.
        var status = query.Status is null ? "" : " AND status = $3";
        var filter = status + (query.AppIdPrefix is null ? "" : " AND starts_with(authorizer_appid, $4)");
        await using var batch = database.CreateBatch();
        var page = new NpgsqlBatchCommand($"""
            SELECT {Columns} FROM authorizer_index
            WHERE service_id = $1 AND component_appid = $2{filter} AND authorizer_appid > $5
            ORDER BY authorizer_appid LIMIT $6
            """);
        var count = new NpgsqlBatchCommand(query.AppIdPrefix is null
            ? $"SELECT coalesce(sum(accounts), 0)::bigint FROM authorizer_counts WHERE service_id = $1 AND component_appid = $2{status}"
            : $"SELECT count(*) FROM authorizer_index WHERE service_id = $1 AND component_appid = $2{filter}");
        foreach (var command in new[] { page, count })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
            command.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
            command.Parameters.Add(new NpgsqlParameter { Value = (short)(query.Status ?? 0) });
            command.Parameters.Add(new NpgsqlParameter { Value = query.AppIdPrefix ?? "", NpgsqlDbType = NpgsqlDbType.Text });
        }

        page.Parameters.Add(new NpgsqlParameter { Value = query.After ?? "" });
        page.Parameters.Add(new NpgsqlParameter { Value = query.Limit + 1 });
        batch.BatchCommands.Add(page);
        batch.BatchCommands.Add(count);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = new List<AuthorizerEntry>(query.Limit + 1);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader, componentAppId));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        var hasMore = items.Count > query.Limit;
        return new AuthorizerPage(hasMore ? items[..query.Limit] : items, total, hasMore);
    }

    public Task<IReadOnlyDictionary<AuthorizerStatus, long>> CountByStatusAsync(string componentAppId, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => CountByStatusAsyncOnce(componentAppId, cancellationToken));

    private async Task<IReadOnlyDictionary<AuthorizerStatus, long>> CountByStatusAsyncOnce(string componentAppId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT status, sum(accounts)::bigint FROM authorizer_counts
            WHERE service_id = $1 AND component_appid = $2
            GROUP BY status HAVING sum(accounts) > 0
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<AuthorizerStatus, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[(AuthorizerStatus)reader.GetInt16(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public Task<IReadOnlyList<TokenHorizonBucket>> CountByTokenLeftAsync(string componentAppId, DateTimeOffset now, IReadOnlyList<TimeSpan> bounds, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => CountByTokenLeftAsyncOnce(componentAppId, now, bounds, cancellationToken));

    private async Task<IReadOnlyList<TokenHorizonBucket>> CountByTokenLeftAsyncOnce(string componentAppId, DateTimeOffset now, IReadOnlyList<TimeSpan> bounds, CancellationToken cancellationToken)
    {
        // The counters by expiry minute (migration 0004's sibling, 0005), bucketed from the current minute's start:
        // width_bucket gives 0 below the first bound and n above the last; NULL for an account without a token.
        await using var command = database.CreateCommand("""
            SELECT CASE WHEN expiry_minute = '-infinity' THEN NULL ELSE width_bucket(expiry_minute, $3::timestamptz[]) END AS bucket,
                   sum(accounts)::bigint
            FROM authorizer_token_expiries
            WHERE service_id = $1 AND component_appid = $2
            GROUP BY bucket
            """);
        var minute = TokenHorizon.Minute(now);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
        command.Parameters.Add(new NpgsqlParameter { Value = bounds.Select(b => (minute + b).UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new long[bounds.Count + 2];
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.IsDBNull(0) ? 0 : reader.GetInt32(0) + 1] += reader.GetInt64(1);
        }

        return TokenHorizon.Buckets(bounds, counts);
    }

    public Task MarkListedAsync(string componentAppId, IReadOnlyCollection<string> authorizerAppIds, DateTimeOffset runStartedAt, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => MarkListedAsyncOnce(componentAppId, authorizerAppIds, runStartedAt, cancellationToken));

    private async Task MarkListedAsyncOnce(string componentAppId, IReadOnlyCollection<string> authorizerAppIds, DateTimeOffset runStartedAt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE authorizer_index SET listed_at = $3 WHERE service_id = $1 AND component_appid = $2 AND authorizer_appid = ANY($4)");
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
        command.Parameters.Add(new NpgsqlParameter { Value = runStartedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = authorizerAppIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListUnlistedAsync(string componentAppId, DateTimeOffset runStartedAt, string? after, int limit, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => ListUnlistedAsyncOnce(componentAppId, runStartedAt, after, limit, cancellationToken));

    private async Task<IReadOnlyList<string>> ListUnlistedAsyncOnce(string componentAppId, DateTimeOffset runStartedAt, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT authorizer_appid FROM authorizer_index
            WHERE service_id = $1 AND component_appid = $2 AND status = 0 AND authorizer_appid > $3
              AND (listed_at IS NULL OR listed_at < $4) AND (authorized_at IS NULL OR authorized_at < $4)
            ORDER BY authorizer_appid LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
        command.Parameters.Add(new NpgsqlParameter { Value = after ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = runStartedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var unlisted = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            unlisted.Add(reader.GetString(0));
        }

        return unlisted;
    }

    private static AuthorizerEntry Read(NpgsqlDataReader reader, string componentAppId) => new(
        componentAppId,
        reader.GetString(0),
        (AuthorizerStatus)reader.GetInt16(1),
        reader.GetFieldValue<int[]>(2),
        reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetBoolean(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetFieldValue<DateTimeOffset>(9));

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Timestamp(DateTimeOffset? value) =>
        new() { Value = (object?)value?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
