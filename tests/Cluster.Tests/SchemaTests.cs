using Cluster.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Silo.Database;

namespace Cluster.Tests;

public sealed class SchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Migrate_applies_every_migration_once_even_with_several_silos_starting_together()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);

        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(TestContext.Current.CancellationToken)));

        Assert.Equal(SchemaMigrator.Migrations.Select(m => m.Version), applied.SelectMany(a => a).Order());
        Assert.Empty(await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(TestContext.Current.CancellationToken));
        Assert.Equal(SchemaMigrator.Migrations.Count, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Racing_first_writes_of_one_grain_store_one_row_and_one_of_them_wins()
    {
        await using var dataSource = await MigratedAsync();
        var write = await QueryAsync(dataSource, "WriteToStorageKey");

        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => WriteAsync(dataSource, write, version: null, payload: $"writer {i}")));

        Assert.Single(versions, v => v == 1);
        Assert.All(versions.Where(v => v != 1), v => Assert.Null(v));
        Assert.Equal(1, await ScalarAsync<long>(dataSource, "SELECT count(*) FROM orleans_storage"));
        Assert.Equal(1, await ReadVersionAsync(dataSource));
    }

    [Fact]
    public async Task A_write_with_a_stale_version_changes_nothing_and_reports_the_conflict()
    {
        await using var dataSource = await MigratedAsync();
        var write = await QueryAsync(dataSource, "WriteToStorageKey");
        Assert.Equal(1, await WriteAsync(dataSource, write, version: null, payload: "first"));
        Assert.Equal(2, await WriteAsync(dataSource, write, version: 1, payload: "second"));

        // A second activation still holding version 1 gets its own version back: the provider's conflict signal.
        Assert.Equal(1, await WriteAsync(dataSource, write, version: 1, payload: "stale"));
        Assert.Equal(2, await ReadVersionAsync(dataSource));
    }

    [Fact]
    public async Task Every_query_key_the_Orleans_providers_require_is_installed()
    {
        await using var dataSource = await MigratedAsync();
        string[] required =
        [
            "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
            "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        ];
        foreach (var key in required)
        {
            Assert.False(string.IsNullOrWhiteSpace(await QueryAsync(dataSource, key)), key);
        }
    }

    private async Task<NpgsqlDataSource> MigratedAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(TestContext.Current.CancellationToken);
        return dataSource;
    }

    private static async Task<string> QueryAsync(NpgsqlDataSource dataSource, string key)
    {
        await using var command = dataSource.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs the stored write exactly as Orleans' provider does, for one string-keyed grain.</summary>
    private static async Task<int?> WriteAsync(NpgsqlDataSource dataSource, string sql, int? version, string payload)
    {
        await using var command = dataSource.CreateCommand(sql);
        AddIdentity(command);
        command.Parameters.AddWithValue("GrainStateVersion", (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("PayloadBinary", System.Text.Encoding.UTF8.GetBytes(payload));
        var result = await command.ExecuteScalarAsync();
        return result is int v ? v : null;
    }

    private static async Task<int> ReadVersionAsync(NpgsqlDataSource dataSource)
    {
        var read = await QueryAsync(dataSource, "ReadFromStorageKey");
        await using var command = dataSource.CreateCommand(read);
        AddIdentity(command);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var version = reader.GetInt32(reader.GetOrdinal("Version"));
        Assert.False(await reader.ReadAsync());
        return version;
    }

    private static void AddIdentity(NpgsqlCommand command)
    {
        command.Parameters.AddWithValue("GrainIdHash", 12345);
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 0L);
        command.Parameters.AddWithValue("GrainTypeHash", 678);
        command.Parameters.AddWithValue("GrainTypeString", "authorizer");
        command.Parameters.AddWithValue("GrainIdExtensionString", "wxcomponent/wxauthorizer");
        command.Parameters.AddWithValue("ServiceId", "wechat-tokens");
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
