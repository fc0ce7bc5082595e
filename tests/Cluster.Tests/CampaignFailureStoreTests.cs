using Cluster.Tests.Support;
using Grains.Campaigns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Silo.Database;

namespace Cluster.Tests;

/// <summary>
/// The status page's failures of a campaign, grouped by stage, errcode and reason, from PostgreSQL (migration 0006)
/// and from the single node's in-memory store held to the same answer.
/// </summary>
public sealed class CampaignFailureStoreTests(PostgresFixture postgres)
{
    private const string Component = "wxcampaign000002";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly IOptions<ClusterOptions> Cluster = Options.Create(new ClusterOptions { ServiceId = "campaign-failure-tests", ClusterId = "c" });

    public static TheoryData<string> Stores => ["postgres", "memory"];

    [Theory, MemberData(nameof(Stores))]
    public async Task Failed_and_audit_failed_accounts_are_counted_per_errcode_and_reason_the_largest_group_first(string kind)
    {
        var store = await StoreAsync(kind);
        string[] accounts = ["wxa", "wxb", "wxc", "wxd", "wxe", "wxf", "wxg"];
        await store.CreateAsync(NewCampaign("c1", accounts), Ct);
        await FailAsync(store, "wxa", 86002, "the mini program's details are not complete");
        await FailAsync(store, "wxb", 86002, "the mini program's details are not complete");
        await FailAsync(store, "wxc", 86002, "the mini program's details are not complete");
        await FailAsync(store, "wxd", 85086, "no code committed");
        await FailAsync(store, "wxe", null, "wxe has not granted the platform code management (permission set 18).");
        await store.MoveAsync(Component, "c1", Move("wxf", ReleaseStage.None, ReleaseStage.AuditFailed, null, "小程序名称与内容不符"), Ct);
        await store.MoveAsync(Component, "c1", Move("wxg", ReleaseStage.None, ReleaseStage.Committed, null, null), Ct);

        var failures = await store.FailuresAsync(Component, "c1", 10, Ct);
        var firstTwo = await store.FailuresAsync(Component, "c1", 2, Ct);

        Assert.Equal(
        [
            new CampaignFailure(ReleaseStage.Failed, 86002, "the mini program's details are not complete", 3),
            new CampaignFailure(ReleaseStage.AuditFailed, null, "小程序名称与内容不符", 1),
            new CampaignFailure(ReleaseStage.Failed, 85086, "no code committed", 1),
            new CampaignFailure(ReleaseStage.Failed, null, "wxe has not granted the platform code management (permission set 18).", 1),
        ], failures);
        Assert.Equal(failures.Take(2), firstTwo);
        Assert.Empty(await store.FailuresAsync(Component, "unknown", 10, Ct));
    }

    private static Task<bool> FailAsync(ICampaignStore store, string appId, int? errcode, string reason) =>
        store.MoveAsync(Component, "c1", Move(appId, ReleaseStage.None, ReleaseStage.Failed, errcode, reason), Ct);

    private static AccountMove Move(string appId, ReleaseStage from, ReleaseStage to, int? errcode, string? reason) =>
        new(appId, [from], to, to == ReleaseStage.Failed ? from : null, errcode, reason, false, null, Now);

    private static Campaign NewCampaign(string id, IReadOnlyList<string> accounts) => new(
        id, Component, new CampaignSpec(12, "1.4.0", "fleet", null, accounts, null, ReleaseMode.AfterAudit, null, null),
        CampaignStatus.Running, false, true, null, null, null, 0, Now, Now, new Dictionary<ReleaseStage, long>());

    private async Task<ICampaignStore> StoreAsync(string kind)
    {
        if (kind == "memory")
        {
            return new InMemoryCampaignStore();
        }

        var database = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).ApplyAsync(Ct);
        return new PostgresCampaignStore(database, Cluster);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
