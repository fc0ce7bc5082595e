using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Tests.Support;
using Grains;
using Grains.Authorizer;
using Grains.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Database;

namespace Cluster.Tests;

/// <summary>
/// <c>dotnet Silo.dll reencrypt</c> as its own process on a throwaway PostgreSQL, against rows written by real grains
/// or by Orleans' own storage query.
/// </summary>
public sealed class StateReencryptionTests(PostgresFixture postgres)
{
    private const string Component = "wx5a4db0c0de000001";

    private static readonly StateEncryptionKey Removed = Key("2024");
    private static readonly StateEncryptionKey Old = Key("2025");
    private static readonly StateEncryptionKey Current = Key("2026");

    [Fact]
    public async Task Reencrypt_moves_every_secret_to_the_first_key_and_grains_read_their_state_once_the_old_key_is_removed()
    {
        var database = await MigratedDatabaseAsync();
        var accounts = Enumerable.Range(1, 5).Select(i => $"wx0c1u57e{i:D9}").ToList();
        var expiresAt = TimeProvider.System.GetUtcNow().AddHours(2);
        await using (var silo = await StateSilo.StartAsync(database, "reencrypt-before", Old))
        {
            foreach (var account in accounts)
            {
                await silo.Authorizer(Component, account).AcceptGrantAsync(
                    new AuthorizerGrant(account, $"refresh-{account}", new AccessToken($"access-{account}", expiresAt), [1, 2], null));
            }

            await silo.Grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Key).StoreKeyAsync("key-1", "<key>data-protection</key>");
        }

        var rows = accounts.Count + 1;
        Assert.Equal(rows, await CountRowsUnderAsync(database, Old));

        var run = await ReencryptAsync(database, batchSize: 2, Current, Old);
        var again = await ReencryptAsync(database, batchSize: 2, Current, Old);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"{rows} rows scanned, {rows} rewritten, 0 already current, 0 skipped-concurrent", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, await CountRowsUnderAsync(database, Old));
        Assert.Equal(rows, await CountRowsUnderAsync(database, Current));
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains($"{rows} rows scanned, 0 rewritten, {rows} already current", again.Output, StringComparison.Ordinal);

        await using var rotated = await StateSilo.StartAsync(database, "reencrypt-after", Current);
        foreach (var account in accounts)
        {
            Assert.Equal($"access-{account}", (await rotated.Authorizer(Component, account).GetTokenAsync()).Value);
        }

        Assert.Equal(["<key>data-protection</key>"], await rotated.Grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Key).GetKeysAsync());
    }

    [Fact]
    public async Task A_row_under_a_removed_key_is_reported_by_grain_and_key_left_as_it_is_and_the_run_fails()
    {
        var database = await MigratedDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        // One prefix of the identity index for three rows (one keyed without an extension), read one per page.
        await InsertAsync(dataSource, 7, "wxc/wxa-old", Serialize(Old, "refresh-old", "wxc/wxa-old"));
        await InsertAsync(dataSource, 7, "wxc/wxa-removed", Serialize(Removed, "refresh-removed", "wxc/wxa-removed"));
        await InsertAsync(dataSource, 7, null, Serialize(Old, "refresh-unkeyed", null));
        await InsertAsync(dataSource, 3, "wxc/wxa-current", Serialize(Current, "refresh-current", "wxc/wxa-current"));
        var removedBefore = await PayloadAsync(dataSource, "wxc/wxa-removed");

        var run = await ReencryptAsync(database, batchSize: 1, Current, Old);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Grain authorizer/wxc/wxa-removed: its refreshToken (key '2024') cannot be re-encrypted", run.Output, StringComparison.Ordinal);
        Assert.Contains("4 rows scanned, 2 rewritten, 1 already current, 0 skipped-concurrent (written by a grain meanwhile, read again), 1 unreadable", run.Output, StringComparison.Ordinal);
        Assert.Equal(removedBefore, await PayloadAsync(dataSource, "wxc/wxa-removed"));
        Assert.Equal(0, await CountRowsUnderAsync(database, Old));
        Assert.Equal("refresh-unkeyed", Read(await PayloadAsync(dataSource, null), Current, null).RefreshToken);

        var withKeyBack = await ReencryptAsync(database, batchSize: 1, Current, Old, Removed);

        Assert.True(withKeyBack.ExitCode == 0, withKeyBack.Output);
        Assert.Contains("4 rows scanned, 1 rewritten, 3 already current", withKeyBack.Output, StringComparison.Ordinal);
        Assert.Equal("refresh-removed", Read(await PayloadAsync(dataSource, "wxc/wxa-removed"), Current, "wxc/wxa-removed").RefreshToken);
    }

    [Fact]
    public async Task A_grain_write_landing_while_reencrypt_waits_on_the_row_is_kept_and_then_reencrypted()
    {
        var database = await MigratedDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        await InsertAsync(dataSource, 7, "wxc/wxa", Serialize(Old, "refresh-before", "wxc/wxa"));

        // A grain's write (Orleans' own query, holding version 1) begun before the run and committed while the run's
        // compare-and-set waits on the row's lock.
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var grainWrite = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, await WriteAsync(connection, 7, "wxc/wxa", version: 1, Serialize(Old, "refresh-after", "wxc/wxa")));
        await using var run = SiloCommand.Start("reencrypt", Environment(database, batchSize: 10, Current, Old));
        await WaitForLockWaitAsync(dataSource);
        await grainWrite.CommitAsync(TestContext.Current.CancellationToken);
        var result = await run.WaitAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("1 rows scanned, 1 rewritten, 0 already current, 1 skipped-concurrent", result.Output, StringComparison.Ordinal);
        var stored = await PayloadAsync(dataSource, "wxc/wxa");
        Assert.Equal("refresh-after", Read(stored, Current, "wxc/wxa").RefreshToken);
        Assert.DoesNotContain($":{Old.Id}:", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Equal(2, await VersionAsync(dataSource, "wxc/wxa"));
    }

    [Fact]
    public async Task Reencrypt_binds_secrets_stored_before_rows_were_bound_to_their_rows_and_grains_read_them_before_and_after()
    {
        var database = await MigratedDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        var accounts = Enumerable.Range(1, 3).Select(i => $"wx0c1u5v1{i:D9}").ToList();
        await AuthorizeAsync(database, "v1-before", accounts);
        await StoreAsBeforeRowsWereBoundAsync(dataSource, Current);
        Assert.Equal(accounts.Count, await CountRowsHoldingAsync(database, $"\"v1:{Current.Id}:"));

        await using (var reading = await StateSilo.StartAsync(database, "v1-reading", Current))
        {
            foreach (var account in accounts)
            {
                Assert.Equal($"access-{account}", (await reading.Authorizer(Component, account).GetTokenAsync()).Value);
            }
        }

        var run = await ReencryptAsync(database, batchSize: 2, Current);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"{accounts.Count} rows scanned, {accounts.Count} rewritten, 0 already current", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, await CountRowsHoldingAsync(database, "\"v1:"));
        Assert.Equal(accounts.Count, await CountRowsHoldingAsync(database, $"\"v2:{Current.Id}:"));
        await using var after = await StateSilo.StartAsync(database, "v1-after", Current);
        foreach (var account in accounts)
        {
            Assert.Equal($"access-{account}", (await after.Authorizer(Component, account).GetTokenAsync()).Value);
        }
    }

    [Fact]
    public async Task A_secret_copied_from_one_grains_row_into_anothers_is_unreadable_there_and_reencrypt_reports_that_row_without_its_secrets()
    {
        var database = await MigratedDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        const string victim = "wx0c1u5c0py000001";
        const string attacker = "wx0c1u5c0py000002";
        await AuthorizeAsync(database, "copy-before", [victim, attacker]);
        var attackerRow = AuthorizerKey.For(Component, attacker);

        // Someone with write access to the database gives the attacker's row the victim's ciphertexts.
        var copied = JsonNode.Parse(await PayloadAsync(dataSource, AuthorizerKey.For(Component, victim)))!;
        var target = JsonNode.Parse(await PayloadAsync(dataSource, attackerRow))!;
        target["refreshToken"] = copied["refreshToken"]!.GetValue<string>();
        target["accessToken"] = copied["accessToken"]!.GetValue<string>();
        var tampered = Encoding.UTF8.GetBytes(target.ToJsonString());
        await SetPayloadAsync(dataSource, attackerRow, tampered);

        await using (var silo = await StateSilo.StartAsync(database, "copy-after", Current))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => silo.Authorizer(Component, attacker).GetTokenAsync());
            Assert.Contains($"of authorizer/{attackerRow} fails authentication", refused.ToString(), StringComparison.Ordinal);
            Assert.Equal($"access-{victim}", (await silo.Authorizer(Component, victim).GetTokenAsync()).Value);
        }

        var run = await ReencryptAsync(database, batchSize: 10, Current);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Grain authorizer/{attackerRow}: its refreshToken (key '{Current.Id}') does not decrypt in this row", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Grain authorizer/{attackerRow}: its accessToken (key '{Current.Id}') does not decrypt in this row", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 rows scanned, 0 rewritten, 1 already current, 0 skipped-concurrent (written by a grain meanwhile, read again), 1 unreadable (1 not decrypting in their own row)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"access-{victim}", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"refresh-{victim}", run.Output, StringComparison.Ordinal);
        Assert.Equal(tampered, await PayloadAsync(dataSource, attackerRow));
    }

    /// <summary>Real grains of a silo under the current key store a grant for each account, then the silo stops.</summary>
    private static async Task AuthorizeAsync(string database, string clusterId, IReadOnlyList<string> accounts)
    {
        var expiresAt = TimeProvider.System.GetUtcNow().AddHours(2);
        await using var silo = await StateSilo.StartAsync(database, clusterId, Current);
        foreach (var account in accounts)
        {
            await silo.Authorizer(Component, account).AcceptGrantAsync(
                new AuthorizerGrant(account, $"refresh-{account}", new AccessToken($"access-{account}", expiresAt), [1, 2], null));
        }
    }

    /// <summary>Every authorizer row's secrets as the platform stored them before they were bound to their row.</summary>
    private static async Task StoreAsBeforeRowsWereBoundAsync(NpgsqlDataSource dataSource, StateEncryptionKey key)
    {
        var protector = new SecretProtector(Options.Create(new StateEncryptionOptions { EncryptionKeys = [key] }));
        var rows = new List<(string Extension, byte[] Payload)>();
        await using (var command = dataSource.CreateCommand("SELECT grain_id_extension, payload FROM orleans_storage WHERE grain_type = 'authorizer'"))
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
            }
        }

        foreach (var (extension, payload) in rows)
        {
            var document = JsonNode.Parse(payload)!;
            foreach (var property in new[] { "refreshToken", "accessToken" })
            {
                var plaintext = protector.Unprotect(document[property]!.GetValue<string>(), Row(extension), property);
                document[property] = V1Secret.Protect(key, property, plaintext);
            }

            await SetPayloadAsync(dataSource, extension, Encoding.UTF8.GetBytes(document.ToJsonString()));
        }
    }

    private static async Task SetPayloadAsync(NpgsqlDataSource dataSource, string extension, byte[] payload)
    {
        await using var command = dataSource.CreateCommand("UPDATE orleans_storage SET payload = $2 WHERE grain_id_extension = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = extension });
        command.Parameters.Add(new NpgsqlParameter { Value = payload });
        Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }

    private static StateEncryptionKey Key(string id) => new() { Id = id, Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

    private static GrainStateJsonSerializer Serializer(params StateEncryptionKey[] keys) =>
        new(new SecretProtector(Options.Create(new StateEncryptionOptions { EncryptionKeys = [.. keys] })));

    /// <summary>The row <see cref="InsertAsync"/> writes, as reencrypt names it (a row without a string key by its zero numeric key).</summary>
    private static StoredRow Row(string? extension) => new("authorizer", extension ?? new string('0', 32));

    private static byte[] Serialize(StateEncryptionKey key, string refreshToken, string? extension) =>
        Serializer(key).Serialize(new AuthorizerState { Known = true, RefreshToken = refreshToken, AccessToken = "access-" + refreshToken }, Row(extension)).ToArray();

    private static AuthorizerState Read(byte[] payload, StateEncryptionKey key, string? extension) =>
        Serializer(key).Deserialize<AuthorizerState>(new BinaryData(payload), Row(extension));

    private async Task<string> MigratedDatabaseAsync()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(TestContext.Current.CancellationToken);
        return database;
    }

    private static Dictionary<string, string> Environment(string database, int batchSize, params StateEncryptionKey[] keys)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Orleans"] = database,
            ["Reencryption__BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__Console__FormatterName"] = "simple",
        };
        for (var i = 0; i < keys.Length; i++)
        {
            environment[$"Storage__EncryptionKeys__{i}__Id"] = keys[i].Id;
            environment[$"Storage__EncryptionKeys__{i}__Key"] = keys[i].Key;
        }

        return environment;
    }

    private static Task<CommandResult> ReencryptAsync(string database, int batchSize, params StateEncryptionKey[] keys) =>
        SiloCommand.RunAsync("reencrypt", Environment(database, batchSize, keys));

    private static Task<long> CountRowsUnderAsync(string database, StateEncryptionKey key) => CountRowsHoldingAsync(database, $":{key.Id}:");

    private static async Task<long> CountRowsHoldingAsync(string database, string text)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM orleans_storage WHERE position($1 in convert_from(payload, 'UTF8')) > 0");
        command.Parameters.Add(new NpgsqlParameter { Value = text });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task InsertAsync(NpgsqlDataSource dataSource, int grainIdHash, string? extension, byte[] payload)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await WriteAsync(connection, grainIdHash, extension, version: null, payload));
    }

    /// <summary>Orleans' WriteToStorageKey, with its parameters, for a row of the authorizer state.</summary>
    private static async Task<int?> WriteAsync(NpgsqlConnection connection, int grainIdHash, string? extension, int? version, byte[] payload)
    {
        string sql;
        await using (var query = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'", connection))
        {
            sql = (string)(await query.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }

        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("GrainIdHash", grainIdHash);
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 0L);
        command.Parameters.AddWithValue("GrainTypeHash", 678);
        command.Parameters.AddWithValue("GrainTypeString", "authorizer");
        command.Parameters.AddWithValue("GrainIdExtensionString", (object?)extension ?? DBNull.Value);
        command.Parameters.AddWithValue("ServiceId", "wechat-tokens");
        command.Parameters.AddWithValue("GrainStateVersion", (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("PayloadBinary", payload);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) as int?;
    }

    private static async Task<byte[]> PayloadAsync(NpgsqlDataSource dataSource, string? extension) =>
        (byte[])(await ColumnAsync(dataSource, "payload", extension))!;

    private static async Task<int> VersionAsync(NpgsqlDataSource dataSource, string? extension) =>
        (int)(await ColumnAsync(dataSource, "version", extension))!;

    private static async Task<object?> ColumnAsync(NpgsqlDataSource dataSource, string column, string? extension)
    {
        await using var command = dataSource.CreateCommand($"SELECT {column} FROM orleans_storage WHERE grain_id_extension IS NOT DISTINCT FROM $1");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)extension ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Until a session of this database waits for a row lock: the command's write queued behind the grain's.</summary>
    private static async Task WaitForLockWaitAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        await Eventually.Until(async () => (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0, TimeSpan.FromSeconds(60),
            "reencrypt reached the row the grain is writing");
    }
}
