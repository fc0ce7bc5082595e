using Cluster.Tests.Support;
using Grains;
using Grains.Index;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Silo.Database;

namespace Cluster.Tests;

/// <summary>
/// The counters behind the status page's accounts by token time left (migration 0005) on a throwaway PostgreSQL: after
/// every write they say what reading the authorized accounts' rows says, as the in-memory index does, and the rows of
/// minutes no token expires in any more are gone.
/// </summary>
public sealed class TokenExpiryCountTests(PostgresFixture postgres)
{
    private const string Component = "wxexpiry00000001";
    private const string OtherComponent = "wxexpiry00000002";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 20, TimeSpan.Zero);
    private static readonly IOptions<ClusterOptions> Cluster = Options.Create(new ClusterOptions { ServiceId = "expiry-tests", ClusterId = "c" });

    [Fact]
    public async Task Counts_by_token_time_left_follow_authorize_refresh_revoke_reauthorize_and_restore()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        var inMemory = new InMemoryAuthorizerIndex();
        async Task WriteAsync(AuthorizerEntry entry)
        {
            await index.UpsertAsync(entry, Ct);
            await inMemory.UpsertAsync(entry, Ct);
        }

        foreach (var id in new[] { "wxa", "wxb", "wxc", "wxd" })
        {
            await WriteAsync(Entry(id, AuthorizerStatus.Authorized, Now, Now.AddHours(2)));
        }

        await AssertHorizonAsync(database, index, inMemory, over2Hours: 4);

        // Refreshes: a token that came due for one that lives two hours from now; the same row twice counts once.
        await WriteAsync(Entry("wxa", AuthorizerStatus.Authorized, Now.AddMinutes(1), Now.AddMinutes(3)));
        await WriteAsync(Entry("wxa", AuthorizerStatus.Authorized, Now.AddMinutes(1), Now.AddMinutes(3)));
        await WriteAsync(Entry("wxb", AuthorizerStatus.Authorized, Now.AddMinutes(1), Now.AddSeconds(-30)));
        await WriteAsync(Entry("wxc", AuthorizerStatus.Authorized, Now.AddMinutes(1), Now.AddMinutes(90)));
        await AssertHorizonAsync(database, index, inMemory, expired: 1, under5Minutes: 1, under2Hours: 1, over2Hours: 1);

        // Revoked, refused (reauthorization required), then authorized again and restored by a reconciliation.
        await WriteAsync(Entry("wxa", AuthorizerStatus.Unauthorized, Now.AddMinutes(2), null));
        await WriteAsync(Entry("wxb", AuthorizerStatus.ReauthorizationRequired, Now.AddMinutes(2), Now.AddSeconds(-30)));
        await WriteAsync(Entry("wxc", AuthorizerStatus.Authorized, Now.AddMinutes(2), null));
        await AssertHorizonAsync(database, index, inMemory, noToken: 1, over2Hours: 1);

        await WriteAsync(Entry("wxa", AuthorizerStatus.Authorized, Now.AddMinutes(3), Now.AddMinutes(30)));
        await WriteAsync(Entry("wxb", AuthorizerStatus.Authorized, Now.AddMinutes(3), null));
        await WriteAsync(Entry("wxc", AuthorizerStatus.Authorized, Now.AddMinutes(3), Now.AddHours(3)));
        await AssertHorizonAsync(database, index, inMemory, noToken: 1, under1Hour: 1, over2Hours: 2);

        // A dead silo's late write, older than the row, moves nothing.
        await WriteAsync(Entry("wxa", AuthorizerStatus.Unauthorized, Now.AddMinutes(2).AddSeconds(30), null));
        await AssertHorizonAsync(database, index, inMemory, noToken: 1, under1Hour: 1, over2Hours: 2);
        Assert.Equal(4, await ScalarAsync(database, "SELECT count(*) FROM authorizer_token_expiries"));
    }

    [Fact]
    public async Task Rows_moved_to_another_account_or_platform_deleted_or_refreshed_within_the_minute_keep_the_counts_exact()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        foreach (var id in new[] { "wxa", "wxb", "wxc", "wxd" })
        {
            await index.UpsertAsync(Entry(id, AuthorizerStatus.Authorized, Now, Now.AddMinutes(90)), Ct);
        }

        // A token replaced by one expiring later in the same minute: the counter rows are left exactly as they were.
        var before = await CounterRowsAsync(database);
        await ExecuteAsync(database, "UPDATE authorizer_index SET token_expires_at = token_expires_at + interval '30 seconds' WHERE authorizer_appid = 'wxa'");
        Assert.Equal(before, await CounterRowsAsync(database));

        // Another account id (its shard may change), another platform, a deleted row.
        await ExecuteAsync(database, "UPDATE authorizer_index SET authorizer_appid = 'wxb-renamed' WHERE authorizer_appid = 'wxb'");
        await ExecuteAsync(database, $"UPDATE authorizer_index SET component_appid = '{OtherComponent}' WHERE authorizer_appid = 'wxc'");
        await ExecuteAsync(database, "DELETE FROM authorizer_index WHERE authorizer_appid = 'wxd'");

        var horizon = await index.CountByTokenLeftAsync(Component, Now, TokenHorizon.DefaultBounds, Ct);
        var other = await index.CountByTokenLeftAsync(OtherComponent, Now, TokenHorizon.DefaultBounds, Ct);
        Assert.Equal(await RowHorizonAsync(database), horizon);
        Assert.Equal(await RowHorizonAsync(database, OtherComponent), other);
        Assert.Equal((2, 1), (horizon.Sum(b => b.Accounts), other.Sum(b => b.Accounts)));
        Assert.Equal(3, await ScalarAsync(database, "SELECT coalesce(sum(accounts), 0)::bigint FROM authorizer_token_expiries"));
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM authorizer_token_expiries WHERE accounts <= 0"));
    }

    [Fact]
    public async Task Concurrent_refreshes_and_status_changes_keep_the_counts_exact_without_deadlocks()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        var accounts = Enumerable.Range(0, 64).Select(i => $"wx{i:D4}").ToList();
        var statuses = Enum.GetValues<AuthorizerStatus>();

        // Sixteen writers at once, each round moving every account to a token expiring in another minute, forward
        // for some and backward for others, and now and then to another status.
        await Parallel.ForEachAsync(Enumerable.Range(0, 16), Ct, async (writer, ct) =>
        {
            for (var round = 0; round < 12; round++)
            {
                for (var i = writer; i < accounts.Count; i += 16)
                {
                    var status = round % 4 == 3 ? statuses[(round + i) % statuses.Length] : AuthorizerStatus.Authorized;
                    var minutes = i % 2 == 0 ? round * 7 : 120 - round * 11;
                    await index.UpsertAsync(Entry(accounts[i], status, Now.AddSeconds(round), Now.AddMinutes(minutes)), ct);
                }
            }
        });

        Assert.Equal(await RowHorizonAsync(database), await index.CountByTokenLeftAsync(Component, Now, TokenHorizon.DefaultBounds, Ct));
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM authorizer_token_expiries WHERE accounts <= 0"));
        Assert.Equal(
            await ScalarAsync(database, "SELECT count(*) FROM authorizer_index WHERE status = 0"),
            await ScalarAsync(database, "SELECT coalesce(sum(accounts), 0)::bigint FROM authorizer_token_expiries"));
    }

    [Fact]
    public async Task The_migration_counts_the_tokens_a_database_already_holds_and_writes_after_it_are_counted()
    {
        await using var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await EarlierSchema.ApplyUpToAsync(database, version: 4, Ct);
        var index = new PostgresAuthorizerIndex(database, Cluster);
        for (var i = 0; i < 40; i++)
        {
            var status = i % 4 == 0 ? AuthorizerStatus.Unauthorized : AuthorizerStatus.Authorized;
            await index.UpsertAsync(Entry($"wx{i:D3}", status, Now, i % 5 == 0 ? null : Now.AddMinutes(i * 3)), Ct);
        }

        var applied = await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Ct);
        Assert.Contains(5, applied);
        Assert.Equal(await RowHorizonAsync(database), await index.CountByTokenLeftAsync(Component, Now, TokenHorizon.DefaultBounds, Ct));

        await index.UpsertAsync(Entry("wx000", AuthorizerStatus.Authorized, Now.AddMinutes(1), Now.AddMinutes(90)), Ct);
        await index.UpsertAsync(Entry("wx001", AuthorizerStatus.Authorized, Now.AddMinutes(1), Now.AddMinutes(1)), Ct);
        await index.UpsertAsync(Entry("wx999", AuthorizerStatus.Authorized, Now.AddMinutes(1), Now.AddMinutes(100)), Ct);
        var horizon = await index.CountByTokenLeftAsync(Component, Now, TokenHorizon.DefaultBounds, Ct);
        Assert.Equal(await RowHorizonAsync(database), horizon);
        Assert.Equal(32, horizon.Sum(b => b.Accounts));
    }

    /// <summary>
    /// The counters' horizon against the rows' and the in-memory index's, and the expected numbers: no token, expired,
    /// under 5 minutes (1–5 min), under 1 hour (30 min–1 h), under 2 hours (1–2 h), over 2 hours.
    /// </summary>
    private static async Task AssertHorizonAsync(NpgsqlDataSource database, PostgresAuthorizerIndex index, InMemoryAuthorizerIndex inMemory,
        long noToken = 0, long expired = 0, long under5Minutes = 0, long under1Hour = 0, long under2Hours = 0, long over2Hours = 0)
    {
        var horizon = await index.CountByTokenLeftAsync(Component, Now, TokenHorizon.DefaultBounds, Ct);
        Assert.Equal(await RowHorizonAsync(database), horizon);
        Assert.Equal(horizon, await inMemory.CountByTokenLeftAsync(Component, Now, TokenHorizon.DefaultBounds, Ct));
        Assert.Equal(noToken, horizon[0].Accounts);
        Assert.Equal(expired, Bucket(horizon, null, TimeSpan.Zero));
        Assert.Equal(under5Minutes, Bucket(horizon, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
        Assert.Equal(under1Hour, Bucket(horizon, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)));
        Assert.Equal(under2Hours, Bucket(horizon, TimeSpan.FromHours(1), TimeSpan.FromHours(2)));
        Assert.Equal(over2Hours, Bucket(horizon, TimeSpan.FromHours(2), null));
        Assert.Equal(noToken + expired + under5Minutes + under1Hour + under2Hours + over2Hours, horizon.Sum(b => b.Accounts));
        Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM authorizer_token_expiries WHERE accounts <= 0"));
    }

    private static long Bucket(IReadOnlyList<TokenHorizonBucket> horizon, TimeSpan? from, TimeSpan? to) =>
        horizon.Single(b => b.From == from && b.To == to && !(from is null && to is null)).Accounts;

    /// <summary>The horizon by reading every authorized account's row, each by the minute its token expires in.</summary>
    private static async Task<IReadOnlyList<TokenHorizonBucket>> RowHorizonAsync(NpgsqlDataSource database, string component = Component)
    {
        await using var command = database.CreateCommand(
            "SELECT token_expires_at FROM authorizer_index WHERE service_id = $1 AND component_appid = $2 AND status = 0");
        command.Parameters.Add(new NpgsqlParameter { Value = Cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = component });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var minutes = new List<KeyValuePair<DateTimeOffset?, long>>();
        while (await reader.ReadAsync(Ct))
        {
            minutes.Add(KeyValuePair.Create(reader.IsDBNull(0) ? null : (DateTimeOffset?)TokenHorizon.Minute(reader.GetFieldValue<DateTimeOffset>(0)), 1L));
        }

        return TokenHorizon.Count(minutes, Now, TokenHorizon.DefaultBounds);
    }

    /// <summary>Every counter row as text, in key order.</summary>
    private static async Task<List<string>> CounterRowsAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "SELECT concat_ws('|', service_id, component_appid, expiry_minute, shard, accounts) FROM authorizer_token_expiries ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuthorizerEntry Entry(string appId, AuthorizerStatus status, DateTimeOffset updatedAt, DateTimeOffset? expiresAt) =>
        new(Component, appId, status, [1, 2], expiresAt, "Nick " + appId, "gh_" + appId, false, null, Now, updatedAt);

    private async Task<NpgsqlDataSource> MigratedAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Ct);
        return dataSource;
    }
}
