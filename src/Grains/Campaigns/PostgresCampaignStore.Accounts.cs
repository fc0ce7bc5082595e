using Grains.Index;
using Npgsql;
using NpgsqlTypes;

namespace Grains.Campaigns;

/// <summary>The account rows of a campaign: due steps, recorded steps, listing.</summary>
public sealed partial class PostgresCampaignStore
{
    private const string AccountColumns = "authorizer_appid, stage, errcode, reason, attempts, next_attempt_at, updated_at";

    public Task<IReadOnlyList<CampaignAccount>> DueAsync(string componentAppId, string campaignId, IReadOnlyCollection<ReleaseStage> stages, DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            // One short range of the due index per stage, then the longest due of them.
            await using var command = database.CreateCommand($"""
                SELECT due.* FROM unnest($4::smallint[]) AS s(stage), LATERAL (
                    SELECT {AccountColumns} FROM release_campaign_accounts a
                    WHERE a.service_id = $1 AND a.component_appid = $2 AND a.campaign_id = $3 AND a.stage = s.stage
                      AND a.next_attempt_at IS NOT NULL AND a.next_attempt_at <= $5
                    ORDER BY a.next_attempt_at LIMIT $6
                ) due
                ORDER BY next_attempt_at LIMIT $6
                """);
            Add(command, ServiceId, componentAppId, campaignId);
            command.Parameters.Add(Stages(stages));
            command.Parameters.Add(Timestamp(now));
            Add(command, limit);
            IReadOnlyList<CampaignAccount> due = await ReadAccountsAsync(command, cancellationToken);
            return due;
        });

    public Task<DateTimeOffset?> NextDueAsync(string componentAppId, string campaignId, IReadOnlyCollection<ReleaseStage> stages, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            await using var command = database.CreateCommand("""
                SELECT min(first.next_attempt_at) FROM unnest($4::smallint[]) AS s(stage), LATERAL (
                    SELECT a.next_attempt_at FROM release_campaign_accounts a
                    WHERE a.service_id = $1 AND a.component_appid = $2 AND a.campaign_id = $3 AND a.stage = s.stage AND a.next_attempt_at IS NOT NULL
                    ORDER BY a.next_attempt_at LIMIT 1
                ) first
                """);
            Add(command, ServiceId, componentAppId, campaignId);
            command.Parameters.Add(Stages(stages));
            var first = await command.ExecuteScalarAsync(cancellationToken);
            return first is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : (DateTimeOffset?)null;
        });

    public Task<bool> MoveAsync(string componentAppId, string campaignId, AccountMove move, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            await using var command = database.CreateCommand("""
                UPDATE release_campaign_accounts SET stage = $6, failed_from = $7, errcode = $8, reason = $9,
                    attempts = CASE WHEN $10 THEN attempts + 1 ELSE 0 END, next_attempt_at = $11, updated_at = $12
                WHERE service_id = $1 AND component_appid = $2 AND campaign_id = $3 AND authorizer_appid = $4 AND stage = ANY($5)
                """);
            Add(command, ServiceId, componentAppId, campaignId, move.AuthorizerAppId);
            command.Parameters.Add(Stages(move.From));
            Add(command, (short)move.To);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)(short?)move.FailedFrom ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)move.ErrorCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(Text(move.Reason));
            Add(command, move.CountAttempt);
            command.Parameters.Add(Timestamp(move.NextAttemptAt));
            command.Parameters.Add(Timestamp(move.UpdatedAt));
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        });

    public Task<long> RescheduleAsync(string componentAppId, string campaignId, ReleaseStage stage, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            UPDATE release_campaign_accounts SET next_attempt_at = $5, updated_at = $6
            WHERE service_id = $1 AND component_appid = $2 AND campaign_id = $3 AND stage = $4 AND next_attempt_at IS DISTINCT FROM $5
            """, componentAppId, campaignId, cancellationToken, new NpgsqlParameter { Value = (short)stage }, Timestamp(nextAttemptAt), Timestamp(now));

    public Task<long> RetryFailedAsync(string componentAppId, string campaignId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ExecuteAsync("""
            UPDATE release_campaign_accounts SET stage = coalesce(failed_from, 0), failed_from = NULL, errcode = NULL, reason = NULL,
                attempts = 0, next_attempt_at = $4, updated_at = $4
            WHERE service_id = $1 AND component_appid = $2 AND campaign_id = $3 AND stage IN ($5, $6)
            """, componentAppId, campaignId, cancellationToken, Timestamp(now), new NpgsqlParameter { Value = (short)ReleaseStage.Failed },
            new NpgsqlParameter { Value = (short)ReleaseStage.AuditFailed });

    public Task<CampaignAccountPage> ListAccountsAsync(string componentAppId, string campaignId, ReleaseStage? stage, string? after, int limit, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            await using var batch = database.CreateBatch();
            var page = new NpgsqlBatchCommand($"""
                SELECT {AccountColumns} FROM release_campaign_accounts
                WHERE service_id = $1 AND component_appid = $2 AND campaign_id = $3 AND authorizer_appid > $4{(stage is null ? "" : " AND stage = $6")}
                ORDER BY authorizer_appid LIMIT $5
                """);
            var count = new NpgsqlBatchCommand($"""
                SELECT coalesce(sum(accounts), 0)::bigint FROM release_campaign_counts
                WHERE service_id = $1 AND component_appid = $2 AND campaign_id = $3{(stage is null ? "" : " AND stage = $4")}
                """);
            foreach (var command in new[] { page, count })
            {
                command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
                command.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
                command.Parameters.Add(new NpgsqlParameter { Value = campaignId });
            }

            page.Parameters.Add(new NpgsqlParameter { Value = after ?? "", NpgsqlDbType = NpgsqlDbType.Text });
            page.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
            if (stage is { } only)
            {
                page.Parameters.Add(new NpgsqlParameter { Value = (short)only });
                count.Parameters.Add(new NpgsqlParameter { Value = (short)only });
            }

            batch.BatchCommands.Add(page);
            batch.BatchCommands.Add(count);

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var items = new List<CampaignAccount>();
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(ReadAccount(reader));
            }

            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var total = reader.GetInt64(0);
            var hasMore = items.Count > limit;
            return new CampaignAccountPage(hasMore ? items[..limit] : items, total, hasMore);
        });

    private Task<long> ExecuteAsync(string sql, string componentAppId, string campaignId, CancellationToken cancellationToken, params NpgsqlParameter[] more) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            await using var command = database.CreateCommand(sql);
            Add(command, ServiceId, componentAppId, campaignId);
            command.Parameters.AddRange(more.Select(p => p.Clone()).ToArray());
            return (long)await command.ExecuteNonQueryAsync(cancellationToken);
        });

    private static async Task<List<CampaignAccount>> ReadAccountsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<CampaignAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(ReadAccount(reader));
        }

        return accounts;
    }

    private static CampaignAccount ReadAccount(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        (ReleaseStage)reader.GetInt16(1),
        reader.IsDBNull(2) ? null : reader.GetInt32(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetFieldValue<DateTimeOffset>(6));

    private static Campaign ReadCampaign(NpgsqlDataReader reader, string componentAppId)
    {
        var stages = reader.IsDBNull(21) ? [] : reader.GetFieldValue<short[]>(21);
        var counts = reader.IsDBNull(22) ? [] : reader.GetFieldValue<long[]>(22);
        var spec = new CampaignSpec(
            reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), null,
            reader.IsDBNull(5) ? null : reader.GetString(5),
            (ReleaseMode)reader.GetInt16(6),
            reader.IsDBNull(7) ? null : reader.GetInt16(7),
            reader.IsDBNull(8) ? null : reader.GetInt32(8));
        return new Campaign(
            reader.GetString(0), componentAppId, spec,
            (CampaignStatus)reader.GetInt16(9), reader.GetBoolean(10), reader.GetBoolean(11),
            reader.IsDBNull(12) ? null : (CampaignWait)reader.GetInt16(12),
            reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
            reader.IsDBNull(14) ? null : reader.GetFieldValue<DateOnly>(14),
            reader.GetInt32(15),
            reader.GetFieldValue<DateTimeOffset>(16),
            reader.GetFieldValue<DateTimeOffset>(17),
            stages.Zip(counts).ToDictionary(c => (ReleaseStage)c.First, c => c.Second),
            reader.IsDBNull(18) ? null : reader.GetString(18),
            reader.IsDBNull(19) ? null : reader.GetString(19),
            reader.IsDBNull(20) ? null : reader.GetString(20));
    }

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }

    private static NpgsqlParameter Stages(IReadOnlyCollection<ReleaseStage> stages) =>
        new() { Value = stages.Select(s => (short)s).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Timestamp(DateTimeOffset? value) =>
        new() { Value = (object?)value?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
