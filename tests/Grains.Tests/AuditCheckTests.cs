using Grains.Messages;
using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>The release cluster with a short audit check (an hour without an event, then every half hour), on the fake clock.</summary>
public sealed class AuditCheckCluster() : ScriptedReleaseCluster(keyedByAccount: true)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Releases:AuditCheckAfter", "01:00:00"),
        new("Releases:AuditCheckPeriod", "00:30:00"),
    ];
}

/// <summary>An audit whose event is lost is settled from WeChat's audit status, once, and only after the configured wait.</summary>
public sealed class AuditCheckTests(AuditCheckCluster cluster) : IClassFixture<AuditCheckCluster>
{
    private const string Campaign = "cmp_check";

    [Fact]
    public async Task An_approval_whose_event_was_lost_is_read_from_wechat_after_the_wait_and_its_late_event_changes_nothing()
    {
        var (grain, wechat) = await cluster.SubmittedAsync(1, Campaign);
        var decidedAt = cluster.Time.GetUtcNow().AddMinutes(20);
        wechat.AuditStatus = 0;

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(10));
        var beforeTheWait = await grain.GetAsync();
        var askedBefore = wechat.CallsOf(CodeManagementApis.LatestAuditStatus);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10));
        var settled = await grain.GetAsync();
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, decidedAt, null, null));

        Assert.Equal((ReleaseStage.Auditing, 0), (beforeTheWait.Stage, askedBefore));
        Assert.Equal((ReleaseStage.Approved, Campaign), (settled.Stage, settled.CampaignId));
        Assert.Equal(settled, await grain.GetAsync());
        Assert.Equal(1, wechat.CallsOf(CodeManagementApis.LatestAuditStatus));
        Assert.Single(Changes(1), c => c.Stage == ReleaseStage.Approved);
    }

    [Fact]
    public async Task An_audit_still_in_review_is_asked_again_on_schedule_until_wechat_rejects_it_and_then_no_more()
    {
        var (grain, wechat) = await cluster.SubmittedAsync(3, Campaign);

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(70), TimeSpan.FromMinutes(10));
        var inReview = await grain.GetAsync();
        var askedOnce = wechat.CallsOf(CodeManagementApis.LatestAuditStatus);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10));
        var askedTwice = wechat.CallsOf(CodeManagementApis.LatestAuditStatus);
        wechat.AuditStatus = 1;
        wechat.AuditReason = "小程序名称与内容不符";
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10));
        var rejected = await grain.GetAsync();
        await cluster.AdvanceAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(10));

        Assert.Equal((ReleaseStage.Auditing, 1, 2), (inReview.Stage, askedOnce, askedTwice));
        Assert.Equal((ReleaseStage.AuditFailed, "小程序名称与内容不符"), (rejected.Stage, rejected.Reason));
        Assert.Equal(3, wechat.CallsOf(CodeManagementApis.LatestAuditStatus));
        Assert.Equal("小程序名称与内容不符", Changes(3).Last().Reason);
    }

    [Fact]
    public async Task An_audit_whose_events_arrive_is_never_asked_about()
    {
        var (grain, wechat) = await cluster.SubmittedAsync(5, Campaign);

        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, cluster.Time.GetUtcNow(), null, null));
        await cluster.AdvanceAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(10));

        Assert.Equal(ReleaseStage.Approved, (await grain.GetAsync()).Stage);
        Assert.Equal(0, wechat.CallsOf(CodeManagementApis.LatestAuditStatus));
    }

    private List<ReleaseChange> Changes(int n) =>
        [.. cluster.Peek<OutboxState>("outbox", cluster.Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(Accounts.ComponentAppId, Accounts.Account(n))))!
            .Pending.Select(p => p.ReleaseChange).OfType<ReleaseChange>()];
}
