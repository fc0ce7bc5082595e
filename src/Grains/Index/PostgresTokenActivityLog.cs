using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Grains.Index;

/// <summary>The activity log in PostgreSQL (table <c>token_activity</c>): silos add to one row per platform and minute.</summary>
public sealed class PostgresTokenActivityLog(NpgsqlDataSource database, IOptions<ClusterOptions> cluster) : ITokenActivityLog
{
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    public async Task AddAsync(IReadOnlyCollection<TokenActivityCount> counts, CancellationToken cancellationToken = default)
    {
        await using var batch = database.CreateBatch();
        foreach (var count in counts)
        {
            var add = new NpgsqlBatchCommand("""
                INSERT INTO token_activity (service_id, component_appid, minute, refreshes, failures, ticks) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (service_id, component_appid, minute) DO UPDATE SET
                    refreshes = token_activity.refreshes + excluded.refreshes, failures = token_activity.failures + excluded.failures,
                    ticks = token_activity.ticks + excluded.ticks
                """);
            add.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
            add.Parameters.Add(new NpgsqlParameter { Value = count.ComponentAppId });
            add.Parameters.Add(new NpgsqlParameter { Value = count.Minute.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            add.Parameters.Add(new NpgsqlParameter { Value = count.Refreshes });
            add.Parameters.Add(new NpgsqlParameter { Value = count.Failures });
            add.Parameters.Add(new NpgsqlParameter { Value = count.Ticks });
            batch.BatchCommands.Add(add);
        }

        var prune = new NpgsqlBatchCommand("DELETE FROM token_activity WHERE service_id = $1 AND minute < $2");
        prune.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        prune.Parameters.Add(new NpgsqlParameter { Value = (counts.Max(c => c.Minute) - Kept).UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IReadOnlyList<TokenActivityMinute>> ReadAsync(string componentAppId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => ReadAsyncOnce(componentAppId, since, cancellationToken));

    private async Task<IReadOnlyList<TokenActivityMinute>> ReadAsyncOnce(string componentAppId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT minute, refreshes, failures, ticks FROM token_activity
            WHERE service_id = $1 AND component_appid = $2 AND minute >= $3 ORDER BY minute
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
        command.Parameters.Add(new NpgsqlParameter { Value = since.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var minutes = new List<TokenActivityMinute>();
        while (await reader.ReadAsync(cancellationToken))
        {
            minutes.Add(new TokenActivityMinute(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return minutes;
    }
}
