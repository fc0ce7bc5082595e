using Grains.Index;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Grains.Campaigns;

/// <summary>
/// Campaigns in PostgreSQL (migration 0006): <c>release_campaigns</c>, <c>release_campaign_accounts</c>, and the
/// per-stage counts and day's audits that the accounts' trigger keeps in the writer's transaction.
/// </summary>
public sealed partial class PostgresCampaignStore(NpgsqlDataSource database, IOptions<ClusterOptions> cluster) : ICampaignStore
{
    private const string CampaignColumns = """
        campaign_id, template_id, user_version, user_desc, ext_json, audit_json, release_mode, gray_percentage, audits_per_day,
        status, rolling_back, enrolled, waiting_for, next_attempt_at, audit_day, audits_on_day, created_at, updated_at, enrolled_after,
        idempotency_key, spec_sha256
        """;

    private string ServiceId => cluster.Value.ServiceId;

    public Task<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => CreateOnceAsync(campaign, cancellationToken));

    private async Task<Campaign> CreateOnceAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var spec = campaign.Spec;
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO release_campaigns (service_id, component_appid, {CampaignColumns})
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, NULL, 0, $17, $17, NULL, $18, $19)
                ON CONFLICT DO NOTHING
                """, connection, transaction);
            Add(insert, ServiceId, campaign.ComponentAppId, campaign.Id, spec.TemplateId, spec.UserVersion, spec.UserDesc);
            insert.Parameters.Add(Text(spec.ExtJson));
            insert.Parameters.Add(Text(spec.AuditJson));
            Add(insert, (short)spec.Release);
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)(short?)spec.GrayPercentage ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)spec.AuditsPerDay ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            Add(insert, (short)campaign.Status, campaign.RollingBack, campaign.Enrolled);
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)(short?)campaign.WaitingFor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
            insert.Parameters.Add(Timestamp(campaign.NextAttemptAt));
            insert.Parameters.Add(Timestamp(campaign.CreatedAt));
            insert.Parameters.Add(Text(campaign.IdempotencyKey));
            insert.Parameters.Add(Text(campaign.SpecSha256));
            var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
            if (created && spec.Accounts is { Count: > 0 } accounts)
            {
                await InsertAccountsAsync(connection, transaction, campaign.ComponentAppId, campaign.Id, accounts, campaign.CreatedAt, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (!created && campaign.IdempotencyKey is { } key && await HolderOfKeyAsync(connection, campaign.ComponentAppId, key, cancellationToken) is { } holder)
            {
                return (await GetOnceAsync(campaign.ComponentAppId, holder, cancellationToken))!;
            }
        }

        return (await GetOnceAsync(campaign.ComponentAppId, campaign.Id, cancellationToken))!;
    }

    /// <summary>The campaign the platform started with <paramref name="key"/>: a conflicting insert does nothing only once the holder's has committed.</summary>
    private async Task<string?> HolderOfKeyAsync(NpgsqlConnection connection, string componentAppId, string key, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("""
            SELECT campaign_id FROM release_campaigns WHERE service_id = $1 AND component_appid = $2 AND idempotency_key = $3
            """, connection);
        Add(select, ServiceId, componentAppId, key);
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task<Campaign?> GetAsync(string componentAppId, string campaignId, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => GetOnceAsync(componentAppId, campaignId, cancellationToken));

    private async Task<Campaign?> GetOnceAsync(string componentAppId, string campaignId, CancellationToken cancellationToken)
    {
        var page = await ReadCampaignsAsync(componentAppId, "campaign_id = $3", campaignId, 1, cancellationToken);
        return page.Count == 0 ? null : page[0];
    }

    public Task<CampaignPage> ListAsync(string componentAppId, string? after, int limit, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            var items = await ReadCampaignsAsync(componentAppId, "campaign_id > $3", after ?? "", limit + 1, cancellationToken);
            await using var count = database.CreateCommand("SELECT count(*) FROM release_campaigns WHERE service_id = $1 AND component_appid = $2");
            Add(count, ServiceId, componentAppId);
            var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            var hasMore = items.Count > limit;
            return new CampaignPage(hasMore ? items[..limit] : items, total, hasMore);
        });

    public Task UpdateAsync(Campaign campaign, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            await using var command = database.CreateCommand("""
                UPDATE release_campaigns SET status = $4, rolling_back = $5, waiting_for = $6, next_attempt_at = $7, updated_at = $8
                WHERE service_id = $1 AND component_appid = $2 AND campaign_id = $3
                """);
            Add(command, ServiceId, campaign.ComponentAppId, campaign.Id, (short)campaign.Status, campaign.RollingBack);
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)(short?)campaign.WaitingFor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
            command.Parameters.Add(Timestamp(campaign.NextAttemptAt));
            command.Parameters.Add(Timestamp(campaign.UpdatedAt));
            await command.ExecuteNonQueryAsync(cancellationToken);
        });

    public Task EnrollAsync(string componentAppId, string campaignId, IReadOnlyCollection<string> authorizerAppIds, string? enrolledAfter, bool complete, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await InsertAccountsAsync(connection, transaction, componentAppId, campaignId, authorizerAppIds, now, cancellationToken);
            await using var progress = new NpgsqlCommand("""
                UPDATE release_campaigns SET enrolled_after = $4, enrolled = $5
                WHERE service_id = $1 AND component_appid = $2 AND campaign_id = $3
                """, connection, transaction);
            Add(progress, ServiceId, componentAppId, campaignId);
            progress.Parameters.Add(Text(enrolledAfter));
            Add(progress, complete);
            await progress.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

    private async Task InsertAccountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string componentAppId, string campaignId, IReadOnlyCollection<string> authorizerAppIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO release_campaign_accounts (service_id, component_appid, campaign_id, authorizer_appid, stage, next_attempt_at, updated_at)
            SELECT $1, $2, $3, appid, 0, $5, $5 FROM unnest($4::text[]) AS a(appid)
            ON CONFLICT DO NOTHING
            """, connection, transaction);
        Add(insert, ServiceId, componentAppId, campaignId);
        insert.Parameters.Add(new NpgsqlParameter { Value = authorizerAppIds.Distinct(StringComparer.Ordinal).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(Timestamp(now));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Campaigns matching <paramref name="condition"/> on $3, sorted by id, with their counts, in one round trip.</summary>
    private async Task<List<Campaign>> ReadCampaignsAsync(string componentAppId, string condition, string value, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {CampaignColumns}, counts.stages, counts.accounts
            FROM release_campaigns r
            LEFT JOIN LATERAL (
                SELECT array_agg(c.stage) AS stages, array_agg(c.accounts) AS accounts FROM release_campaign_counts c
                WHERE c.service_id = r.service_id AND c.component_appid = r.component_appid AND c.campaign_id = r.campaign_id AND c.accounts > 0
            ) counts ON true
            WHERE r.service_id = $1 AND r.component_appid = $2 AND r.{condition}
            ORDER BY campaign_id LIMIT $4
            """);
        Add(command, ServiceId, componentAppId, value, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var campaigns = new List<Campaign>();
        while (await reader.ReadAsync(cancellationToken))
        {
            campaigns.Add(ReadCampaign(reader, componentAppId));
        }

        return campaigns;
    }
}
