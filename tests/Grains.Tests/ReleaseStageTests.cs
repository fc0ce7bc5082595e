using Grains.Messages;
using Grains.Releases;
using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>The release cluster as the stage machine's tests use it.</summary>
public sealed class ReleaseCluster : ScriptedReleaseCluster;

/// <summary>One mini program's release stage machine: steps once per campaign, audit events in any order, WeChat's refusals.</summary>
public sealed class ReleaseStageTests(ReleaseCluster cluster) : IClassFixture<ReleaseCluster>
{
    private const string Campaign = "cmp_1";

    [Fact]
    public async Task Commit_then_submit_then_a_success_event_leaves_the_mini_program_approved_and_each_stage_on_its_way_to_the_webhook()
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(1);

        Assert.Equal(ReleaseStepStatus.Done, (await grain.CommitAsync(Commit())).Status);
        var submitted = await grain.SubmitAuditAsync(Campaign, """{"version_desc":"weekly"}""");
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, cluster.Time.GetUtcNow(), null, null));

        Assert.Equal(ReleaseStage.Auditing, submitted.Release.Stage);
        Assert.Equal(wechat.AuditId, submitted.Release.AuditId);
        var release = await grain.GetAsync();
        Assert.Equal((ReleaseStage.Approved, Campaign, 12L, "1.4.0"), (release.Stage, release.CampaignId, release.TemplateId, release.UserVersion));
        Assert.Equal([ReleaseStage.Committed, ReleaseStage.Auditing, ReleaseStage.Approved], Changes(1).Select(c => c.Stage));
        Assert.All(Changes(1), c => Assert.Equal(Campaign, c.CampaignId));
    }

    [Fact]
    public async Task A_fail_event_leaves_the_mini_program_audit_failed_with_wechats_reason_and_it_cannot_be_released()
    {
        var (grain, wechat) = await cluster.SubmittedAsync(3, Campaign);

        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Rejected, cluster.Time.GetUtcNow(), "页面内容不完整<br>", "media1|media2"));
        var refused = await grain.ReleaseAsync(Campaign, null);

        var release = await grain.GetAsync();
        Assert.Equal((ReleaseStage.AuditFailed, "页面内容不完整<br>"), (release.Stage, release.Reason));
        Assert.Equal("页面内容不完整<br>", Changes(3).Last().Reason);
        Assert.Equal(ReleaseStepStatus.Failed, refused.Status);
        Assert.Equal(0, wechat.CallsOf(CodeManagementApis.Release));
    }

    [Fact]
    public async Task A_delay_event_leaves_the_audit_delayed_until_the_verdict_and_a_delay_arriving_after_the_verdict_changes_nothing()
    {
        var (grain, _) = await cluster.SubmittedAsync(5, Campaign);
        var delayedAt = cluster.Time.GetUtcNow();

        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Delayed, delayedAt, "需要更多时间", null));
        var delayed = await grain.GetAsync();
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, delayedAt.AddHours(3), null, null));
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Delayed, delayedAt.AddHours(1), "需要更多时间", null));

        Assert.Equal((ReleaseStage.AuditDelayed, "需要更多时间"), (delayed.Stage, delayed.Reason));
        Assert.Equal(ReleaseStage.Approved, (await grain.GetAsync()).Stage);
        Assert.Equal([ReleaseStage.Committed, ReleaseStage.Auditing, ReleaseStage.AuditDelayed, ReleaseStage.Approved], Changes(5).Select(c => c.Stage));
    }

    [Fact]
    public async Task A_repeated_event_changes_nothing_and_reaches_the_webhook_once()
    {
        var (grain, _) = await cluster.SubmittedAsync(7, Campaign);
        var verdict = new AuditVerdict(AuditOutcome.Approved, cluster.Time.GetUtcNow(), null, null);

        await grain.OnAuditVerdictAsync(verdict);
        var first = await grain.GetAsync();
        await grain.OnAuditVerdictAsync(verdict);

        Assert.Equal(first, await grain.GetAsync());
        Assert.Single(Changes(7), c => c.Stage == ReleaseStage.Approved);
    }

    [Fact]
    public async Task An_event_for_a_mini_program_outside_any_campaign_sets_its_stage_with_no_campaign()
    {
        var (grain, _) = await cluster.MiniProgramAsync(9);

        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Rejected, cluster.Time.GetUtcNow(), "类目不符", null));

        var release = await grain.GetAsync();
        Assert.Equal((ReleaseStage.AuditFailed, null, "类目不符"), (release.Stage, release.CampaignId, release.Reason));
        var change = Assert.Single(Changes(9));
        Assert.Null(change.CampaignId);
        Assert.False(State(9)!.CampaignNoticePending);
    }

    [Fact]
    public async Task A_submit_whose_answer_was_lost_is_not_sent_again_when_the_campaign_repeats_it()
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(11);
        await grain.CommitAsync(Commit());
        wechat.LoseAnswer(CodeManagementApis.SubmitAudit);

        var lost = await grain.SubmitAuditAsync(Campaign, null);
        var intent = State(11)!.Intent;
        var repeated = await grain.SubmitAuditAsync(Campaign, null);

        Assert.Equal(ReleaseStepStatus.RetryLater, lost.Status);
        Assert.Equal("submit", intent?.Step);
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Auditing, wechat.AuditId), (repeated.Status, repeated.Release.Stage, repeated.Release.AuditId));
        Assert.Equal(1, wechat.CallsOf(CodeManagementApis.SubmitAudit));
        Assert.Null(State(11)!.Intent);
    }

    [Fact]
    public async Task An_event_arriving_before_the_submits_answer_is_written_settles_the_submit_so_it_is_never_sent_again()
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(13);
        await grain.CommitAsync(Commit());
        wechat.LoseAnswer(CodeManagementApis.SubmitAudit);
        await grain.SubmitAuditAsync(Campaign, null);

        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, cluster.Time.GetUtcNow(), null, null));
        var repeated = await grain.SubmitAuditAsync(Campaign, null);

        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Approved), (repeated.Status, repeated.Release.Stage));
        Assert.Equal(1, wechat.CallsOf(CodeManagementApis.SubmitAudit));
        Assert.Equal(0, wechat.CallsOf(CodeManagementApis.LatestAuditStatus));
    }

    [Fact]
    public async Task A_step_done_for_the_campaign_answers_what_was_recorded_without_calling_wechat()
    {
        var (grain, wechat) = await cluster.SubmittedAsync(15, Campaign);

        var commit = await grain.CommitAsync(Commit());
        var submit = await grain.SubmitAuditAsync(Campaign, null);

        Assert.Equal((ReleaseStepStatus.Done, ReleaseStepStatus.Done), (commit.Status, submit.Status));
        Assert.Equal((1, 1), (wechat.CallsOf(CodeManagementApis.Commit), wechat.CallsOf(CodeManagementApis.SubmitAudit)));
    }

    [Fact]
    public async Task The_privacy_scan_still_running_is_retried_after_a_minute_and_nothing_is_left_pending()
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(17);
        await grain.CommitAsync(Commit());
        wechat.Refuse(CodeManagementApis.SubmitAudit, WeChatErrorCodes.PrivacyScanPending);

        var refused = await grain.SubmitAuditAsync(Campaign, null);
        var retried = await grain.SubmitAuditAsync(Campaign, null);

        Assert.Equal((ReleaseStepStatus.RetryLater, TimeSpan.FromMinutes(1), 61039), (refused.Status, refused.RetryAfter, refused.ErrorCode));
        Assert.Equal(ReleaseStage.Committed, refused.Release.Stage);
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Auditing), (retried.Status, retried.Release.Stage));
        Assert.Equal(0, wechat.CallsOf(CodeManagementApis.LatestAuditStatus));
    }

    [Fact]
    public async Task A_daily_quota_refusal_waits_until_midnight_beijing_time()
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(19);
        wechat.Refuse(CodeManagementApis.Commit, WeChatErrorCodes.DailyQuotaReached);

        var refused = await grain.CommitAsync(Commit());

        // The fake clock says 2026-11-25 08:00 UTC, 16:00 in Beijing: the quota resets in 8 hours.
        Assert.Equal((ReleaseStepStatus.RetryLater, TimeSpan.FromHours(8)), (refused.Status, refused.RetryAfter));
    }

    [Fact]
    public async Task The_platforms_audit_quota_used_up_stops_the_wave()
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(21);
        await grain.CommitAsync(Commit());
        wechat.Refuse(CodeManagementApis.SubmitAudit, WeChatErrorCodes.AuditQuotaReached);

        var refused = await grain.SubmitAuditAsync(Campaign, null);

        Assert.Equal((ReleaseStepStatus.StopWave, 85085, ReleaseStage.Committed), (refused.Status, refused.ErrorCode, refused.Release.Stage));
    }

    [Fact]
    public async Task An_uninitialized_mini_program_fails_with_the_reason_and_its_stage_says_failed()
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(23);
        await grain.CommitAsync(Commit());
        wechat.Refuse(CodeManagementApis.SubmitAudit, WeChatErrorCodes.MiniProgramNotInitialized);

        var refused = await grain.SubmitAuditAsync(Campaign, null);

        Assert.Equal((ReleaseStepStatus.Failed, 86002, ReleaseStage.Failed), (refused.Status, refused.ErrorCode, refused.Release.Stage));
        Assert.Contains("initialization", refused.Reason);
        Assert.Equal((86002, ReleaseStage.Failed), (Changes(23).Last().ErrorCode, Changes(23).Last().Stage));
    }

    [Fact]
    public async Task Another_audit_open_on_the_mini_program_makes_the_submit_wait()
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(25);
        await grain.CommitAsync(Commit());
        wechat.AuditId = 1;
        wechat.AuditStatus = 2;
        wechat.SubmittedAt = cluster.Time.GetUtcNow().AddDays(-2).ToUnixTimeSeconds();

        var refused = await grain.SubmitAuditAsync(Campaign, null);

        Assert.Equal((ReleaseStepStatus.RetryLater, 85009, ReleaseStage.Committed), (refused.Status, refused.ErrorCode, refused.Release.Stage));
        Assert.Null(State(25)!.Intent);
    }

    [Fact]
    public async Task An_official_account_fails_with_a_clear_reason_before_wechat_is_called()
    {
        var account = Accounts.Account(26);
        await cluster.StartComponentAsync();
        await cluster.AuthorizeAsync(account);
        var grain = cluster.Release(account);

        var refused = await grain.CommitAsync(Commit());

        Assert.Equal((ReleaseStepStatus.Failed, ReleaseStage.Failed), (refused.Status, refused.Release.Stage));
        Assert.Contains("not a mini program", refused.Reason);
        Assert.Empty(cluster.CodeManagement.Of((await cluster.Authorizer(account).GetTokenAsync()).Value).Calls);
    }

    [Fact]
    public async Task An_account_that_never_authorized_fails_with_a_clear_reason()
    {
        var refused = await cluster.Release(Accounts.Account(28)).CommitAsync(Commit());

        Assert.Equal(ReleaseStepStatus.Failed, refused.Status);
        Assert.Contains("has not authorized", refused.Reason);
    }

    [Fact]
    public async Task An_approved_version_is_released_once_and_rolled_back_by_the_campaign_that_released_it()
    {
        var (grain, wechat) = await cluster.SubmittedAsync(29, Campaign);
        wechat.Online = "1.3.0";
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, cluster.Time.GetUtcNow(), null, null));

        var released = await grain.ReleaseAsync(Campaign, null);
        var again = await grain.ReleaseAsync(Campaign, null);
        var foreign = await grain.RevertAsync("cmp_other");
        var reverted = await grain.RevertAsync(Campaign);

        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Released), (released.Status, released.Release.Stage));
        Assert.Equal(ReleaseStepStatus.Done, again.Status);
        Assert.Equal(1, wechat.CallsOf(CodeManagementApis.Release));
        Assert.Equal(ReleaseStepStatus.Failed, foreign.Status);
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Reverted, "1.3.0"), (reverted.Status, reverted.Release.Stage, wechat.Online));
        Assert.Equal([ReleaseStage.Approved, ReleaseStage.Released, ReleaseStage.Reverted], Changes(29).TakeLast(3).Select(c => c.Stage));
    }

    [Fact]
    public async Task A_release_whose_answer_was_lost_is_found_online_and_not_sent_again()
    {
        var (grain, wechat) = await cluster.SubmittedAsync(31, Campaign);
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, cluster.Time.GetUtcNow(), null, null));
        wechat.LoseAnswer(CodeManagementApis.Release);

        await grain.ReleaseAsync(Campaign, null);
        var repeated = await grain.ReleaseAsync(Campaign, null);

        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Released), (repeated.Status, repeated.Release.Stage));
        Assert.Equal(1, wechat.CallsOf(CodeManagementApis.Release));
    }

    [Fact]
    public async Task A_gray_release_publishes_to_a_share_and_a_success_event_arriving_late_changes_nothing()
    {
        var (grain, wechat) = await cluster.SubmittedAsync(27, Campaign);
        var approvedAt = cluster.Time.GetUtcNow();
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, approvedAt, null, null));

        var gray = await grain.ReleaseAsync(Campaign, 10);
        var wider = await grain.ReleaseAsync(Campaign, 50);
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, approvedAt.AddSeconds(1), null, null));

        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Gray), (gray.Status, gray.Release.Stage));
        Assert.Equal((ReleaseStepStatus.Done, 50), (wider.Status, wechat.GrayPercentage));
        Assert.Equal(ReleaseStage.Gray, (await grain.GetAsync()).Stage);
    }

    private static ReleaseCommit Commit() => ScriptedReleaseCluster.Commit(Campaign);


    private ReleaseState? State(int n) => cluster.Peek<ReleaseState>("release", cluster.Release(Accounts.Account(n)));

    private List<ReleaseChange> Changes(int n) =>
        [.. cluster.Peek<OutboxState>("outbox", cluster.Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(Accounts.ComponentAppId, Accounts.Account(n))))!
            .Pending.Select(p => p.ReleaseChange).OfType<ReleaseChange>()];
}
