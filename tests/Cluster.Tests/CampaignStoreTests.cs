using Cluster.Tests.Support;
using Grains.Campaigns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Silo.Database;
using WeChat.Api.Quotas;

namespace Cluster.Tests;

/// <summary>
/// The campaign store (migration 0006) on a throwaway PostgreSQL, and the single node's in-memory store held to the
/// same behaviour: counts per stage exact after every write, the day's audits counted once per submitted account,
/// stale step writes refused, due accounts by stage, paging.
/// </summary>
public sealed class CampaignStoreTests(PostgresFixture postgres)
{
    private const string Component = "wxcampaign000001";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly IOptions<ClusterOptions> Cluster = Options.Create(new ClusterOptions { ServiceId = "campaign-tests", ClusterId = "c" });
    private static readonly ReleaseStage[] Waiting = [ReleaseStage.Committed];

    public static TheoryData<string> Stores => ["postgres", "memory"];

    [Theory, MemberData(nameof(Stores))]
    public async Task A_campaign_naming_its_accounts_stores_them_due_with_their_counts_and_a_repeat_start_changes_nothing(string kind)
    {
        var store = await StoreAsync(kind);
        var created = await store.CreateAsync(NewCampaign("c1", ["wxb", "wxa", "wxc", "wxa"]), Ct);
        var again = await store.CreateAsync(NewCampaign("c1", ["wxd"]) with { Status = CampaignStatus.Paused }, Ct);

        Assert.Equal(3, created.Counts[ReleaseStage.None]);
        Assert.Equal(CampaignStatus.Running, again.Status);
        Assert.Equal(created.Counts, again.Counts);
        Assert.Equal(["wxa", "wxb", "wxc"], (await store.DueAsync(Component, "c1", [ReleaseStage.None], Now, 10, Ct)).Select(a => a.AuthorizerAppId).Order());
        Assert.Equal(Now, await store.NextDueAsync(Component, "c1", [ReleaseStage.None], Ct));
        Assert.Null(await store.NextDueAsync(Component, "c1", Waiting, Ct));
        Assert.Equal("{\"appid\":\"{authorizer_appid}\"}", created.Spec.ExtJson);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Steps_move_accounts_between_stage_counts_and_a_stale_write_from_an_older_stage_changes_nothing(string kind)
    {
        var store = await StoreAsync(kind);
        await store.CreateAsync(NewCampaign("c1", ["wxa", "wxb"]), Ct);

        Assert.True(await store.MoveAsync(Component, "c1", Move("wxa", ReleaseStage.None, ReleaseStage.Committed, Now.AddSeconds(1)), Ct));
        Assert.True(await store.MoveAsync(Component, "c1", Move("wxa", ReleaseStage.Committed, ReleaseStage.Auditing, Now.AddSeconds(2)) with { NextAttemptAt = null }, Ct));

        // The commit's answer written again after the audit already started (a crashed wave repeating its write).
        Assert.False(await store.MoveAsync(Component, "c1", Move("wxa", ReleaseStage.None, ReleaseStage.Committed, Now.AddSeconds(3)), Ct));

        var campaign = (await store.GetAsync(Component, "c1", Ct))!;
        Assert.Equal(new Dictionary<ReleaseStage, long> { [ReleaseStage.None] = 1, [ReleaseStage.Auditing] = 1 }, campaign.Counts);
        Assert.Equal(1, campaign.AuditsOn(BeijingDay.Of(Now)));
        var page = await store.ListAccountsAsync(Component, "c1", ReleaseStage.Auditing, null, 10, Ct);
        Assert.Equal(1, page.Total);
        Assert.Equal(new CampaignAccount("wxa", ReleaseStage.Auditing, null, null, 0, null, Now.AddSeconds(2)), Assert.Single(page.Items));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Audits_are_counted_per_Beijing_day_once_per_account_whichever_write_saw_the_submission(string kind)
    {
        var store = await StoreAsync(kind);
        await store.CreateAsync(NewCampaign("c1", ["wxa", "wxb", "wxc"]), Ct);
        foreach (var id in new[] { "wxa", "wxb", "wxc" })
        {
            await store.MoveAsync(Component, "c1", Move(id, ReleaseStage.None, ReleaseStage.Committed, Now), Ct);
        }

        // 15:00 UTC is 23:00 in Beijing: two audits that day. wxb's approval event overtook its submit's answer.
        await store.MoveAsync(Component, "c1", Move("wxa", ReleaseStage.Committed, ReleaseStage.Auditing, Now.AddMinutes(10)), Ct);
        await store.MoveAsync(Component, "c1", Move("wxb", ReleaseStage.Committed, ReleaseStage.Approved, Now.AddMinutes(20)), Ct);
        await store.MoveAsync(Component, "c1", Move("wxb", ReleaseStage.Committed, ReleaseStage.Auditing, Now.AddMinutes(21)), Ct);
        Assert.Equal(2, (await store.GetAsync(Component, "c1", Ct))!.AuditsOn(BeijingDay.Of(Now)));

        // After midnight in Beijing the count starts again.
        await store.MoveAsync(Component, "c1", Move("wxc", ReleaseStage.Committed, ReleaseStage.Auditing, Now.AddHours(1).AddMinutes(1)), Ct);
        var campaign = (await store.GetAsync(Component, "c1", Ct))!;
        Assert.Equal(0, campaign.AuditsOn(BeijingDay.Of(Now)));
        Assert.Equal(1, campaign.AuditsOn(BeijingDay.Of(Now.AddHours(1).AddMinutes(1))));
        Assert.Equal(Now.AddHours(1), BeijingDay.NextMidnight(Now));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Due_accounts_come_longest_due_first_only_from_the_stages_asked_and_failed_ones_retry_from_where_they_failed(string kind)
    {
        var store = await StoreAsync(kind);
        await store.CreateAsync(NewCampaign("c1", ["wxa", "wxb", "wxc", "wxd"]), Ct);
        await store.MoveAsync(Component, "c1", Move("wxa", ReleaseStage.None, ReleaseStage.Committed, Now) with { NextAttemptAt = Now.AddMinutes(5) }, Ct);
        await store.MoveAsync(Component, "c1", Move("wxb", ReleaseStage.None, ReleaseStage.Committed, Now) with { NextAttemptAt = Now.AddMinutes(2) }, Ct);
        await store.MoveAsync(Component, "c1", new AccountMove("wxc", [ReleaseStage.None], ReleaseStage.Failed, ReleaseStage.None, 85013, "invalid ext_json", true, null, Now), Ct);

        Assert.Equal(["wxb", "wxa"], (await store.DueAsync(Component, "c1", Waiting, Now.AddMinutes(10), 10, Ct)).Select(a => a.AuthorizerAppId));
        Assert.Equal(["wxb"], (await store.DueAsync(Component, "c1", Waiting, Now.AddMinutes(10), 1, Ct)).Select(a => a.AuthorizerAppId));
        Assert.Empty(await store.DueAsync(Component, "c1", Waiting, Now.AddMinutes(1), 10, Ct));
        Assert.Equal(["wxd"], (await store.DueAsync(Component, "c1", [ReleaseStage.None, ReleaseStage.Approved], Now, 10, Ct)).Select(a => a.AuthorizerAppId));
        Assert.Equal(Now.AddMinutes(2), await store.NextDueAsync(Component, "c1", [ReleaseStage.Committed, ReleaseStage.Approved], Ct));

        var failed = Assert.Single((await store.ListAccountsAsync(Component, "c1", ReleaseStage.Failed, null, 10, Ct)).Items);
        Assert.Equal((85013, "invalid ext_json", 1), (failed.ErrorCode!.Value, failed.Reason!, failed.Attempts));
        Assert.Equal(1, await store.RetryFailedAsync(Component, "c1", Now.AddMinutes(3), Ct));
        Assert.Equal(new CampaignAccount("wxc", ReleaseStage.None, null, null, 0, Now.AddMinutes(3), Now.AddMinutes(3)),
            (await store.ListAccountsAsync(Component, "c1", ReleaseStage.None, "wxb", 1, Ct)).Items.Single());

        Assert.Equal(2, await store.RescheduleAsync(Component, "c1", ReleaseStage.Committed, null, Now, Ct));
        Assert.Null(await store.NextDueAsync(Component, "c1", Waiting, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Accounts_enrolled_page_by_page_and_campaigns_page_in_order_with_exact_totals(string kind)
    {
        var store = await StoreAsync(kind);
        await store.CreateAsync(NewCampaign("c2", null) with { Enrolled = false }, Ct);
        await store.CreateAsync(NewCampaign("c1", ["wxz"]), Ct);
        await store.CreateAsync(NewCampaign("c3", ["wxz"]), Ct);
        await store.EnrollAsync(Component, "c2", ["wx01", "wx02", "wx03"], "wx03", complete: false, Now, Ct);
        await store.EnrollAsync(Component, "c2", ["wx03", "wx04", "wx05"], "wx05", complete: true, Now, Ct);

        var c2 = (await store.GetAsync(Component, "c2", Ct))!;
        Assert.True(c2.Enrolled);
        Assert.Equal("wx05", c2.EnrolledAfter);
        Assert.Equal(5, c2.Counts[ReleaseStage.None]);
        var first = await store.ListAccountsAsync(Component, "c2", null, null, 2, Ct);
        var last = await store.ListAccountsAsync(Component, "c2", null, "wx04", 2, Ct);
        Assert.Equal(("wx01 wx02", 5L, true), (Ids(first), first.Total, first.HasMore));
        Assert.Equal(("wx05", 5L, false), (Ids(last), last.Total, last.HasMore));
        Assert.Equal(0, (await store.ListAccountsAsync(Component, "c2", ReleaseStage.Released, null, 2, Ct)).Total);

        var campaigns = await store.ListAsync(Component, "c1", 1, Ct);
        Assert.Equal(("c2", 3L, true), (string.Join(" ", campaigns.Items.Select(c => c.Id)), campaigns.Total, campaigns.HasMore));
        Assert.Equal(5, campaigns.Items[0].Counts[ReleaseStage.None]);
        Assert.Empty((await store.ListAsync("wxother0000000001", null, 10, Ct)).Items);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task The_grains_decisions_are_stored_and_leave_the_spec_and_the_audit_count_alone(string kind)
    {
        var store = await StoreAsync(kind);
        var campaign = await store.CreateAsync(NewCampaign("c1", ["wxa"]), Ct);
        await store.MoveAsync(Component, "c1", Move("wxa", ReleaseStage.None, ReleaseStage.Committed, Now), Ct);
        await store.MoveAsync(Component, "c1", Move("wxa", ReleaseStage.Committed, ReleaseStage.Auditing, Now), Ct);

        await store.UpdateAsync(campaign with
        {
            Status = CampaignStatus.Paused, RollingBack = true, WaitingFor = CampaignWait.AuditQuota, NextAttemptAt = Now.AddHours(1),
            UpdatedAt = Now.AddMinutes(1), AuditsOnDay = 0, Spec = campaign.Spec with { TemplateId = 99 },
        }, Ct);

        var stored = (await store.GetAsync(Component, "c1", Ct))!;
        Assert.Equal((CampaignStatus.Paused, true, CampaignWait.AuditQuota, Now.AddHours(1), Now.AddMinutes(1)),
            (stored.Status, stored.RollingBack, stored.WaitingFor!.Value, stored.NextAttemptAt!.Value, stored.UpdatedAt));
        Assert.Equal((12L, 1), (stored.Spec.TemplateId, stored.AuditsOn(BeijingDay.Of(Now))));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_idempotency_key_names_one_campaign_of_the_platform_and_a_second_start_with_it_writes_nothing(string kind)
    {
        var store = await StoreAsync(kind);
        var first = await store.CreateAsync(NewCampaign("c1", ["wxa"]) with { IdempotencyKey = "key-1", SpecSha256 = "aa" }, Ct);

        var second = await store.CreateAsync(NewCampaign("c2", ["wxb", "wxc"]) with { IdempotencyKey = "key-1", SpecSha256 = "bb" }, Ct);
        var otherKey = await store.CreateAsync(NewCampaign("c3", ["wxb"]) with { IdempotencyKey = "key-2", SpecSha256 = "aa" }, Ct);

        Assert.Equal(("c1", "key-1", "aa"), (first.Id, first.IdempotencyKey, first.SpecSha256));
        Assert.Equal(("c1", "key-1", "aa"), (second.Id, second.IdempotencyKey, second.SpecSha256));
        Assert.Equal(1, second.Counts[ReleaseStage.None]);
        Assert.Null(await store.GetAsync(Component, "c2", Ct));
        Assert.Equal("c3", otherKey.Id);
        Assert.Equal(["c1", "c3"], (await store.ListAsync(Component, null, 10, Ct)).Items.Select(c => c.Id));
    }

    private static string Ids(CampaignAccountPage page) => string.Join(" ", page.Items.Select(a => a.AuthorizerAppId));

    private static AccountMove Move(string appId, ReleaseStage from, ReleaseStage to, DateTimeOffset at) =>
        new(appId, [from], to, null, null, null, false, at, at);

    private static Campaign NewCampaign(string id, IReadOnlyList<string>? accounts) => new(
        id, Component,
        new CampaignSpec(12, "1.4.0", "fleet", "{\"appid\":\"{authorizer_appid}\"}", accounts, "{\"version_desc\":\"x\"}", ReleaseMode.AfterAudit, 10, 5),
        CampaignStatus.Running, false, accounts is not null, null, null, null, 0, Now, Now, new Dictionary<ReleaseStage, long>());

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
