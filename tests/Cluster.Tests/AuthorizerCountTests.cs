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
/// The counters behind <c>X-Total-Count</c> and the status page (migration 0004) on a throwaway PostgreSQL: after every
/// write they say what counting the rows says, and no write counts an account twice.
/// </summary>
public sealed class AuthorizerCountTests(PostgresFixture postgres)
{
    private const string Component = "wxcount000000001";
    private const string OtherComponent = "wxcount000000002";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly IOptions<ClusterOptions> Cluster = Options.Create(new ClusterOptions { ServiceId = "count-tests", ClusterId = "c" });
    private static readonly IOptions<ClusterOptions> OtherService = Options.Create(new ClusterOptions { ServiceId = "count-tests-other", ClusterId = "c" });

    [Fact]
    public async Task Counts_follow_accounts_through_authorize_revoke_reauthorize_and_rewrites_with_the_same_status()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        await new PostgresAuthorizerIndex(database, OtherService).UpsertAsync(Entry("wxa", AuthorizerStatus.Authorized, Now), Ct);
        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Authorized, Now) with { ComponentAppId = OtherComponent }, Ct);

        foreach (var id in new[] { "wxa", "wxb", "wxc" })
        {
            await index.UpsertAsync(Entry(id, AuthorizerStatus.Authorized, Now), Ct);
        }

        await AssertCountsAsync(database, index, authorized: 3, unauthorized: 0, reauthorizationRequired: 0);

        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Unauthorized, Now.AddMinutes(1)) with { TokenExpiresAt = null }, Ct);
        await AssertCountsAsync(database, index, authorized: 2, unauthorized: 1, reauthorizationRequired: 0);

        // A refresh (a new expiry), an authorization granting the sets again, and the same row twice: the same status.
        await index.UpsertAsync(Entry("wxb", AuthorizerStatus.Authorized, Now.AddMinutes(2)) with { TokenExpiresAt = Now.AddHours(3) }, Ct);
        await index.UpsertAsync(Entry("wxc", AuthorizerStatus.Authorized, Now.AddMinutes(2)) with { AuthorizedAt = Now.AddMinutes(2) }, Ct);
        await index.UpsertAsync(Entry("wxc", AuthorizerStatus.Authorized, Now.AddMinutes(2)) with { AuthorizedAt = Now.AddMinutes(2) }, Ct);
        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Unauthorized, Now.AddMinutes(3)) with { TokenExpiresAt = null }, Ct);
        await AssertCountsAsync(database, index, authorized: 2, unauthorized: 1, reauthorizationRequired: 0);

        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Authorized, Now.AddMinutes(4)), Ct);
        await index.UpsertAsync(Entry("wxb", AuthorizerStatus.ReauthorizationRequired, Now.AddMinutes(4)) with { TokenExpiresAt = null }, Ct);
        await AssertCountsAsync(database, index, authorized: 2, unauthorized: 0, reauthorizationRequired: 1);
    }

    [Fact]
    public async Task A_row_written_again_by_the_next_activation_moves_the_counts_once_and_the_dead_silos_late_write_moves_nothing()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Authorized, Now), Ct);
        await index.UpsertAsync(Entry("wxb", AuthorizerStatus.Authorized, Now), Ct);

        // The grain stored the revocation and its silo died before the index write: the row still says authorized
        // until the next activation writes it, and every activation after that writes the same row again.
        var revoked = Entry("wxa", AuthorizerStatus.Unauthorized, Now.AddMinutes(5)) with { TokenExpiresAt = null };
        await AssertCountsAsync(database, index, authorized: 2, unauthorized: 0, reauthorizationRequired: 0);
        await index.UpsertAsync(revoked, Ct);
        await index.UpsertAsync(revoked, Ct);
        await AssertCountsAsync(database, index, authorized: 1, unauthorized: 1, reauthorizationRequired: 0);

        // A write the dying silo had in flight, older than the row, lands last.
        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Authorized, Now.AddMinutes(4)), Ct);
        await AssertCountsAsync(database, index, authorized: 1, unauthorized: 1, reauthorizationRequired: 0);
    }

    [Fact]
    public async Task Concurrent_status_changes_of_many_accounts_keep_the_counts_exact_without_deadlocks()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        var accounts = Enumerable.Range(0, 64).Select(i => $"wx{i:D4}").ToList();

        // Sixteen writers at once. Each round moves every account to the next status, so at any moment accounts are
        // moving between every pair of statuses, in both directions.
        var statuses = Enum.GetValues<AuthorizerStatus>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 16), Ct, async (writer, ct) =>
        {
            for (var round = 0; round < 12; round++)
            {
                for (var i = writer; i < accounts.Count; i += 16)
                {
                    await index.UpsertAsync(Entry(accounts[i], statuses[(round + i) % statuses.Length], Now.AddSeconds(round)), ct);
                }

                // Writers of other accounts' rows besides, racing for the same rows as their owners.
                var stray = accounts[(writer * 7 + round) % accounts.Count];
                await index.UpsertAsync(Entry(stray, statuses[round % statuses.Length], Now.AddSeconds(round).AddTicks(writer)), ct);
            }
        });

        var rows = await RowCountsAsync(database);
        Assert.Equal(accounts.Count, rows.Values.Sum());
        Assert.Equal(rows, await index.CountByStatusAsync(Component, Ct));
    }

    [Fact]
    public async Task The_migration_counts_the_accounts_a_database_already_holds_and_writes_after_it_are_counted()
    {
        await using var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await EarlierSchema.ApplyUpToAsync(database, version: 3, Ct);
        var index = new PostgresAuthorizerIndex(database, Cluster);
        for (var i = 0; i < 40; i++)
        {
            await index.UpsertAsync(Entry($"wx{i:D3}", i % 4 == 0 ? AuthorizerStatus.Unauthorized : AuthorizerStatus.Authorized, Now), Ct);
        }

        var applied = await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Ct);
        await AssertCountsAsync(database, index, authorized: 30, unauthorized: 10, reauthorizationRequired: 0);
        await index.UpsertAsync(Entry("wx000", AuthorizerStatus.Authorized, Now.AddMinutes(1)), Ct);
        await index.UpsertAsync(Entry("wx999", AuthorizerStatus.Authorized, Now.AddMinutes(1)), Ct);

        Assert.Contains(4, applied);
        await AssertCountsAsync(database, index, authorized: 32, unauthorized: 9, reauthorizationRequired: 0);
    }

    /// <summary>
    /// The counters, as the status page and listing read them, against counting the rows: per status, the platform's
    /// total, each status's total and a prefix's (counted over its range), and the expected numbers.
    /// </summary>
    private static async Task AssertCountsAsync(NpgsqlDataSource database, PostgresAuthorizerIndex index, long authorized, long unauthorized, long reauthorizationRequired)
    {
        var rows = await RowCountsAsync(database);
        var counters = await index.CountByStatusAsync(Component, Ct);
        Assert.Equal(rows, counters);
        Assert.Equal(authorized, counters.GetValueOrDefault(AuthorizerStatus.Authorized));
        Assert.Equal(unauthorized, counters.GetValueOrDefault(AuthorizerStatus.Unauthorized));
        Assert.Equal(reauthorizationRequired, counters.GetValueOrDefault(AuthorizerStatus.ReauthorizationRequired));
        Assert.Equal(rows.Values.Sum(), (await index.ListAsync(Component, new AuthorizerQuery(null, 1, null), Ct)).Total);
        Assert.Equal(rows.Values.Sum(), (await index.ListAsync(Component, new AuthorizerQuery(null, 1, null, "wx"), Ct)).Total);
        foreach (var status in Enum.GetValues<AuthorizerStatus>())
        {
            Assert.Equal(rows.GetValueOrDefault(status), (await index.ListAsync(Component, new AuthorizerQuery(null, 1, status), Ct)).Total);
        }
    }

    private static async Task<Dictionary<AuthorizerStatus, long>> RowCountsAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "SELECT status, count(*) FROM authorizer_index WHERE service_id = $1 AND component_appid = $2 GROUP BY status");
        command.Parameters.Add(new NpgsqlParameter { Value = Cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = Component });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var counts = new Dictionary<AuthorizerStatus, long>();
        while (await reader.ReadAsync(Ct))
        {
            counts[(AuthorizerStatus)reader.GetInt16(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuthorizerEntry Entry(string appId, AuthorizerStatus status, DateTimeOffset updatedAt) =>
        new(Component, appId, status, [1, 2], Now.AddHours(2), "Nick " + appId, "gh_" + appId, false, null, Now, updatedAt);

    private async Task<NpgsqlDataSource> MigratedAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Ct);
        return dataSource;
    }
}
