using Cluster.Tests.Support;
using Grains;
using Grains.Index;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Silo.Database;

namespace Cluster.Tests;

/// <summary>The authorizer index, code ledger and activity log on a throwaway PostgreSQL, as the silos use them.</summary>
public sealed class AuthorizerIndexTests(PostgresFixture postgres)
{
    private const string Component = "wxindex0000000001";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly IOptions<ClusterOptions> Cluster = Options.Create(new ClusterOptions { ServiceId = "index-tests", ClusterId = "c" });

    [Fact]
    public async Task A_newer_write_replaces_the_row_and_a_stale_one_changes_nothing()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);

        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Authorized, Now.AddMinutes(10)), Ct);
        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Unauthorized, Now.AddMinutes(20)) with { PermissionSets = [] }, Ct);
        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Authorized, Now.AddMinutes(15)), Ct);

        var row = Assert.Single((await index.ListAsync(Component, new AuthorizerQuery(null, 10, null), cancellationToken: Ct)).Items);
        Assert.Equal(AuthorizerStatus.Unauthorized, row.Status);
        Assert.Empty(row.PermissionSets);
        Assert.Equal(Now.AddMinutes(20), row.UpdatedAt);
        Assert.Equal(1, await ScalarAsync<long>(database, "SELECT count(*) FROM authorizer_index"));
    }

    [Fact]
    public async Task Pages_follow_the_appid_cursor_with_status_and_prefix_filters_and_exact_totals()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        for (var i = 0; i < 25; i++)
        {
            await index.UpsertAsync(Entry($"wx{i:D3}", i % 5 == 0 ? AuthorizerStatus.Unauthorized : AuthorizerStatus.Authorized, Now), Ct);
        }

        var first = await index.ListAsync(Component, new AuthorizerQuery(null, 10, null), cancellationToken: Ct);
        var second = await index.ListAsync(Component, new AuthorizerQuery(first.Items[^1].AuthorizerAppId, 10, null), cancellationToken: Ct);
        var last = await index.ListAsync(Component, new AuthorizerQuery(second.Items[^1].AuthorizerAppId, 10, null), cancellationToken: Ct);
        var unauthorized = await index.ListAsync(Component, new AuthorizerQuery(null, 3, AuthorizerStatus.Unauthorized), cancellationToken: Ct);
        var prefixed = await index.ListAsync(Component, new AuthorizerQuery(null, 100, null, "wx01"), cancellationToken: Ct);
        var beyond = await index.ListAsync(Component, new AuthorizerQuery("wx999", 10, null), cancellationToken: Ct);

        Assert.Equal(["wx000", "wx009"], new[] { first.Items[0].AuthorizerAppId, first.Items[^1].AuthorizerAppId });
        Assert.Equal("wx010", second.Items[0].AuthorizerAppId);
        Assert.Equal(5, last.Items.Count);
        Assert.True(first.HasMore && second.HasMore && !last.HasMore);
        Assert.All([first, second, last], p => Assert.Equal(25, p.Total));
        Assert.Equal(["wx000", "wx005", "wx010"], unauthorized.Items.Select(i => i.AuthorizerAppId));
        Assert.Equal(5, unauthorized.Total);
        Assert.True(unauthorized.HasMore);
        Assert.Equal(10, prefixed.Total);
        Assert.Empty(beyond.Items);
        Assert.False(beyond.HasMore);
    }

    [Fact]
    public async Task Counts_by_status_and_by_token_time_left_cover_every_account()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        await index.UpsertAsync(Entry("wxa", AuthorizerStatus.Authorized, Now) with { TokenExpiresAt = Now.AddSeconds(-5) }, Ct);
        await index.UpsertAsync(Entry("wxb", AuthorizerStatus.Authorized, Now) with { TokenExpiresAt = Now.AddMinutes(3) }, Ct);
        await index.UpsertAsync(Entry("wxc", AuthorizerStatus.Authorized, Now) with { TokenExpiresAt = Now.AddMinutes(100) }, Ct);
        await index.UpsertAsync(Entry("wxd", AuthorizerStatus.Authorized, Now) with { TokenExpiresAt = null }, Ct);
        await index.UpsertAsync(Entry("wxe", AuthorizerStatus.ReauthorizationRequired, Now) with { TokenExpiresAt = null }, Ct);

        var byStatus = await index.CountByStatusAsync(Component, Ct);
        var horizon = await index.CountByTokenLeftAsync(Component, Now, TokenHorizon.DefaultBounds, Ct);
        var inMemory = new InMemoryAuthorizerIndex();
        foreach (var row in (await index.ListAsync(Component, new AuthorizerQuery(null, 10, null), cancellationToken: Ct)).Items)
        {
            await inMemory.UpsertAsync(row, Ct);
        }

        Assert.Equal(4, byStatus[AuthorizerStatus.Authorized]);
        Assert.Equal(1, byStatus[AuthorizerStatus.ReauthorizationRequired]);
        Assert.Equal(1, horizon[0].Accounts);                                                              // no token
        Assert.Equal(1, horizon.Single(b => b.From is null && b.To == TimeSpan.Zero).Accounts);            // expired
        Assert.Equal(1, horizon.Single(b => b.From == TimeSpan.FromMinutes(1) && b.To == TimeSpan.FromMinutes(5)).Accounts);
        Assert.Equal(1, horizon.Single(b => b.From == TimeSpan.FromHours(1) && b.To == TimeSpan.FromHours(2)).Accounts);
        Assert.Equal(4, horizon.Sum(b => b.Accounts));
        Assert.Equal(horizon, await inMemory.CountByTokenLeftAsync(Component, Now, TokenHorizon.DefaultBounds, Ct));
    }

    [Fact]
    public async Task A_reconciliation_finds_the_authorized_accounts_WeChat_did_not_list()
    {
        await using var database = await MigratedAsync();
        var index = new PostgresAuthorizerIndex(database, Cluster);
        foreach (var id in new[] { "wxa", "wxb", "wxc" })
        {
            await index.UpsertAsync(Entry(id, AuthorizerStatus.Authorized, Now) with { AuthorizedAt = Now.AddDays(-1) }, Ct);
        }

        await index.UpsertAsync(Entry("wxlate", AuthorizerStatus.Authorized, Now) with { AuthorizedAt = Now.AddMinutes(5) }, Ct);

        await index.MarkListedAsync(Component, ["wxa", "wxc", "wxunknown"], Now, Ct);

        Assert.Equal(["wxb"], await index.ListUnlistedAsync(Component, Now, null, 100, Ct));
        Assert.Empty(await index.ListUnlistedAsync(Component, Now, "wxb", 100, Ct));
    }

    [Fact]
    public async Task An_exchanged_code_is_found_by_its_digest_and_the_code_itself_is_never_stored()
    {
        await using var database = await MigratedAsync();
        var ledger = new PostgresAuthorizationCodeLedger(database, Cluster);

        await ledger.RecordAsync(Component, "queryauthcode@@@secret-code", "wxa", DateTimeOffset.UtcNow, Ct);
        await ledger.RecordAsync(Component, "queryauthcode@@@secret-code", "wxb", DateTimeOffset.UtcNow, Ct);
        await ledger.RecordAsync(Component, "queryauthcode@@@old-code", "wxc", DateTimeOffset.UtcNow.AddDays(-2), Ct);
        await ledger.RecordAsync(Component, "queryauthcode@@@another", "wxd", DateTimeOffset.UtcNow, Ct);

        Assert.Equal("wxa", await ledger.FindAsync(Component, "queryauthcode@@@secret-code", Ct));
        Assert.Null(await ledger.FindAsync(Component, "queryauthcode@@@never-seen", Ct));
        Assert.Null(await ledger.FindAsync(Component, "queryauthcode@@@old-code", Ct));
        Assert.Equal(2, await ScalarAsync<long>(database, "SELECT count(*) FROM authorization_codes"));
        Assert.Equal(0, await ScalarAsync<long>(database, "SELECT count(*) FROM authorization_codes WHERE position('secret' in encode(code_sha256, 'escape')) > 0"));
    }

    [Fact]
    public async Task Activity_from_several_silos_adds_up_per_minute()
    {
        await using var database = await MigratedAsync();
        var log = new PostgresTokenActivityLog(database, Cluster);
        var minute = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

        await log.AddAsync([new TokenActivityCount(Component, minute, 3, 1, 2), new TokenActivityCount(Component, minute.AddMinutes(1), 2, 0, 0)], Ct);
        await log.AddAsync([new TokenActivityCount(Component, minute, 4, 0, 3)], Ct);

        var minutes = await log.ReadAsync(Component, minute, Ct);
        Assert.Equal([new TokenActivityMinute(minute, 7, 1, 5), new TokenActivityMinute(minute.AddMinutes(1), 2, 0, 0)], minutes);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuthorizerEntry Entry(string appId, AuthorizerStatus status, DateTimeOffset updatedAt) =>
        new(Component, appId, status, [1, 2, 17], Now.AddHours(2), "Nick " + appId, "gh_" + appId, false, null, Now, updatedAt);

    private async Task<NpgsqlDataSource> MigratedAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Ct);
        return dataSource;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
