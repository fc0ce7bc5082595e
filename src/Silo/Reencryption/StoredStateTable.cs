using Npgsql;
using NpgsqlTypes;

namespace Silo.Reencryption;

/// <summary>
/// The service's rows of <c>orleans_storage</c>, read in the order of its identity index and rewritten one at a time
/// with the same compare-and-set on <c>version</c> that Orleans' own writes use.
/// </summary>
public sealed class StoredStateTable(NpgsqlDataSource database, string serviceId)
{
    private const string Columns =
        "grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension, version, payload";

    private const string Identity = """
        service_id = $1 AND grain_id_hash = $2 AND grain_type_hash = $3 AND grain_id_n0 = $4 AND grain_id_n1 = $5
          AND grain_type = $6 AND grain_id_extension IS NOT DISTINCT FROM $7
        """;

    // Keyset paging along orleans_storage_identity, whose extension column sorts NULL last; rows after `after`.
    private const string After = """
          AND (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type) >= ($2, $3, $1, $4, $5, $6)
          AND NOT ((grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type) = ($2, $3, $4, $5, $6)
                   AND ($7 IS NULL OR COALESCE(grain_id_extension <= $7, false)))
        """;

    /// <summary>Up to <paramref name="limit"/> rows following <paramref name="after"/> (from the first row when null).</summary>
    public async Task<List<StoredStateRow>> ReadPageAsync(StoredStateRow? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT {Columns} FROM orleans_storage
            WHERE service_id = $1 {(after is null ? "" : After)}
            ORDER BY grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type, grain_id_extension
            LIMIT {limit}
            """);
        command.Parameters.Add(Text(serviceId));
        if (after is not null)
        {
            AddIdentity(command, after, includeService: false);
        }

        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The row as it is now, or null when it is gone.</summary>
    public async Task<StoredStateRow?> ReadAgainAsync(StoredStateRow row, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM orleans_storage WHERE {Identity}");
        AddIdentity(command, row, includeService: true);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Replaces the payload only if the row still has the version it was read with. The version stays: the state is
    /// the same, only its ciphertext changed, so the write of a grain holding that version still lands afterwards
    /// instead of failing as a conflict.
    /// </summary>
    public async Task<bool> TryReplacePayloadAsync(StoredStateRow row, byte[] payload, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"UPDATE orleans_storage SET payload = $8 WHERE {Identity} AND version = $9");
        AddIdentity(command, row, includeService: true);
        command.Parameters.Add(new NpgsqlParameter { Value = payload, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = row.Version, NpgsqlDbType = NpgsqlDbType.Integer });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Parameters $1 (the service, unless already added) to $7: the row's identity.</summary>
    private void AddIdentity(NpgsqlCommand command, StoredStateRow row, bool includeService)
    {
        if (includeService)
        {
            command.Parameters.Add(Text(serviceId));
        }

        command.Parameters.Add(new NpgsqlParameter { Value = row.GrainIdHash, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = row.GrainTypeHash, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = row.GrainIdN0, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = row.GrainIdN1, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(Text(row.GrainType));
        command.Parameters.Add(Text(row.GrainIdExtension));
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static async Task<List<StoredStateRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<StoredStateRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredStateRow(
                reader.GetInt32(0),
                reader.GetInt32(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<byte[]>(7)));
        }

        return rows;
    }
}
