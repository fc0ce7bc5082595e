using Npgsql;
using Silo.Database;

namespace Cluster.Tests.Support;

/// <summary>A database as an earlier release left it: the migrations up to a version, each in its own transaction and recorded as <see cref="SchemaMigrator"/> does.</summary>
public static class EarlierSchema
{
    public static async Task ApplyUpToAsync(NpgsqlDataSource database, int version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var migration in SchemaMigrator.Migrations.Where(m => m.Version <= version))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var apply = new NpgsqlCommand(migration.Sql, connection);
            await apply.ExecuteNonQueryAsync(cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection);
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
