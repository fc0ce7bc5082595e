using Grains.Index;
using Npgsql;
using NpgsqlTypes;

namespace Grains.Campaigns;

/// <summary>A campaign's failures grouped by reason, for the status page.</summary>
public sealed partial class PostgresCampaignStore
{
    public Task<IReadOnlyList<CampaignFailure>> FailuresAsync(string componentAppId, string campaignId, int limit, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, async () =>
        {
            // One range of the by-stage index per failed stage: the rows read are the failed accounts, whatever the campaign's size.
            await using var command = database.CreateCommand("""
                SELECT stage, errcode, reason, count(*) FROM release_campaign_accounts
                WHERE service_id = $1 AND component_appid = $2 AND campaign_id = $3 AND stage = ANY($4)
                GROUP BY stage, errcode, reason
                ORDER BY count(*) DESC, stage, errcode NULLS LAST, reason COLLATE "C" NULLS LAST
                LIMIT $5
                """);
            Add(command, ServiceId, componentAppId, campaignId);
            command.Parameters.Add(Stages([ReleaseStage.AuditFailed, ReleaseStage.Failed]));
            command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var failures = new List<CampaignFailure>();
            while (await reader.ReadAsync(cancellationToken))
            {
                failures.Add(new CampaignFailure(
                    (ReleaseStage)reader.GetInt16(0),
                    reader.IsDBNull(1) ? null : reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetInt64(3)));
            }

            return (IReadOnlyList<CampaignFailure>)failures;
        });
}
