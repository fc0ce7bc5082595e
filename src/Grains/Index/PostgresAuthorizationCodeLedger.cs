using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Grains.Index;

/// <summary>The code ledger in PostgreSQL (table <c>authorization_codes</c>): keyed by the code's SHA-256.</summary>
public sealed class PostgresAuthorizationCodeLedger(NpgsqlDataSource database, IOptions<ClusterOptions> cluster) : IAuthorizationCodeLedger
{
    public Task<string?> FindAsync(string componentAppId, string authorizationCode, CancellationToken cancellationToken = default) =>
        PostgresCommands.RetriedOnceAsync(database, () => FindAsyncOnce(componentAppId, authorizationCode, cancellationToken));

    private async Task<string?> FindAsyncOnce(string componentAppId, string authorizationCode, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT authorizer_appid FROM authorization_codes
            WHERE service_id = $1 AND component_appid = $2 AND code_sha256 = $3 AND exchanged_at > now() - $4::interval
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
        command.Parameters.Add(new NpgsqlParameter { Value = AuthorizationCodes.Digest(authorizationCode), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = AuthorizationCodes.Kept, NpgsqlDbType = NpgsqlDbType.Interval });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task RecordAsync(string componentAppId, string authorizationCode, string authorizerAppId, DateTimeOffset exchangedAt, CancellationToken cancellationToken = default)
    {
        // Each insert also drops the few codes that aged out since the last one: the table holds about a day of codes.
        await using var batch = database.CreateBatch();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO authorization_codes (service_id, component_appid, code_sha256, authorizer_appid, exchanged_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (service_id, component_appid, code_sha256) DO NOTHING
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        insert.Parameters.Add(new NpgsqlParameter { Value = componentAppId });
        insert.Parameters.Add(new NpgsqlParameter { Value = AuthorizationCodes.Digest(authorizationCode), NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = authorizerAppId });
        insert.Parameters.Add(new NpgsqlParameter { Value = exchangedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var prune = new NpgsqlBatchCommand("""
            DELETE FROM authorization_codes WHERE ctid IN
                (SELECT ctid FROM authorization_codes WHERE exchanged_at < $1 ORDER BY exchanged_at LIMIT 100)
            """);
        prune.Parameters.Add(new NpgsqlParameter { Value = (exchangedAt - AuthorizationCodes.Kept).UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
