using Grains.Messages;
using Grains.Releases;
using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>
/// How one mini program's release grain fails: the stage WeChat holds stays beside the failure so a retry repeats the
/// step, WeChat's "try later" is tried a bounded number of times, and the reason is the same for the same failure.
/// </summary>
public sealed class ReleaseFailureTests(ReleaseCluster cluster) : IClassFixture<ReleaseCluster>
{
    private const string Campaign = "cmp_fail";
    private const int ForbidRevert = 87012;

    [Fact]
    public async Task A_release_wechat_refuses_keeps_the_approved_stage_beside_the_failure_and_the_retry_releases()
    {
        var (grain, wechat) = await ApprovedAsync(1);
        wechat.Refuse(CodeManagementApis.Release, WeChatErrorCodes.ReleaseNotAllowed);

        var failed = await grain.ReleaseAsync(Campaign, null);
        var shown = await grain.GetAsync();
        var retried = await grain.ReleaseAsync(Campaign, null);

        Assert.Equal((ReleaseStepStatus.Failed, 85020), (failed.Status, failed.ErrorCode));
        Assert.Equal((ReleaseStage.Failed, ReleaseStage.Approved, "release", 85020), (shown.Stage, shown.CodeStage, shown.FailedStep, shown.ErrorCode));
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Released, ReleaseStage.Released), (retried.Status, retried.Release.Stage, retried.Release.CodeStage));
        Assert.Equal((null, null), (retried.Release.FailedStep, retried.Release.ErrorCode));
        Assert.Equal(2, wechat.CallsOf(CodeManagementApis.Release));
        Assert.Equal([ReleaseStage.Approved, ReleaseStage.Failed, ReleaseStage.Released], Changes(1).TakeLast(3).Select(c => c.Stage));
    }

    [Fact]
    public async Task A_rollback_wechat_refuses_keeps_the_released_stage_and_the_retry_reverts()
    {
        var (grain, wechat) = await ApprovedAsync(3);
        wechat.Online = "1.3.0";
        await grain.ReleaseAsync(Campaign, null);
        wechat.Refuse(CodeManagementApis.RevertCodeRelease, ForbidRevert);

        var failed = await grain.RevertAsync(Campaign);
        var shown = await grain.GetAsync();
        var retried = await grain.RevertAsync(Campaign);

        Assert.Equal((ReleaseStepStatus.Failed, ForbidRevert), (failed.Status, failed.ErrorCode));
        Assert.Equal((ReleaseStage.Failed, ReleaseStage.Released, "revert"), (shown.Stage, shown.CodeStage, shown.FailedStep));
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Reverted, "1.3.0"), (retried.Status, retried.Release.Stage, wechat.Online));
    }

    [Fact]
    public async Task A_step_wechat_keeps_asking_to_retry_fails_after_the_configured_attempts_with_the_last_errcode_and_a_retry_starts_afresh()
    {
        var attempts = new ReleaseOptions().StepAttempts;
        var (grain, wechat) = await cluster.MiniProgramAsync(5);
        await grain.CommitAsync(Commit());
        wechat.Refuse(CodeManagementApis.SubmitAudit, WeChatErrorCodes.PrivacyScanPending, times: attempts);

        var answers = new List<ReleaseStepResult>();
        for (var i = 0; i < attempts; i++)
        {
            answers.Add(await grain.SubmitAuditAsync(Campaign, null));
        }

        var retried = await grain.SubmitAuditAsync(Campaign, null);

        Assert.All(answers.SkipLast(1), a => Assert.Equal((ReleaseStepStatus.RetryLater, 61039), (a.Status, a.ErrorCode)));
        var last = answers.Last();
        Assert.Equal((ReleaseStepStatus.Failed, 61039), (last.Status, last.ErrorCode));
        Assert.Contains("(61039)", last.Reason);
        Assert.Equal((ReleaseStage.Failed, ReleaseStage.Committed, "submit"), (last.Release.Stage, last.Release.CodeStage, last.Release.FailedStep));
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Auditing), (retried.Status, retried.Release.Stage));
        Assert.Equal(attempts + 1, wechat.CallsOf(CodeManagementApis.SubmitAudit));
    }

    [Fact]
    public async Task A_wait_for_the_daily_api_quota_is_not_an_attempt()
    {
        var attempts = new ReleaseOptions().StepAttempts;
        var (grain, wechat) = await cluster.MiniProgramAsync(7);
        wechat.Refuse(CodeManagementApis.Commit, WeChatErrorCodes.DailyQuotaReached, times: attempts + 2);

        var answers = new List<ReleaseStepResult>();
        for (var i = 0; i < attempts + 2; i++)
        {
            answers.Add(await grain.CommitAsync(Commit()));
        }

        Assert.All(answers, a => Assert.Equal((ReleaseStepStatus.RetryLater, 45009, TimeSpan.FromHours(8)), (a.Status, a.ErrorCode, a.RetryAfter)));
        Assert.Null((await grain.GetAsync()).FailedStep);
    }

    [Fact]
    public async Task A_gray_release_whose_answer_was_lost_is_found_in_wechats_gray_plan_and_not_sent_again()
    {
        var (grain, wechat) = await ApprovedAsync(9);
        wechat.Online = "1.3.0";
        wechat.LoseAnswer(CodeManagementApis.GrayRelease);

        var lost = await grain.ReleaseAsync(Campaign, 10);
        var repeated = await grain.ReleaseAsync(Campaign, 10);

        Assert.Equal(ReleaseStepStatus.RetryLater, lost.Status);
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Gray), (repeated.Status, repeated.Release.Stage));
        Assert.Equal((1, 1), (wechat.CallsOf(CodeManagementApis.GrayRelease), wechat.CallsOf(CodeManagementApis.GrayReleasePlan)));
    }

    [Fact]
    public async Task A_gray_release_a_crash_left_pending_is_sent_when_wechat_has_no_gray_plan()
    {
        var (grain, wechat) = await ApprovedAsync(11);
        wechat.Online = "1.3.0";
        cluster.Rewrite<ReleaseState>("release", grain, s => s.Intent = new ReleaseIntent { CampaignId = Campaign, Step = "gray:10", StartedAt = cluster.Time.GetUtcNow() });
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var sent = await grain.ReleaseAsync(Campaign, 10);

        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Gray, 10), (sent.Status, sent.Release.Stage, wechat.GrayPercentage));
        Assert.Equal((1, 1), (wechat.CallsOf(CodeManagementApis.GrayRelease), wechat.CallsOf(CodeManagementApis.GrayReleasePlan)));
    }

    [Fact]
    public async Task The_reason_an_account_fails_with_leaves_out_wechats_per_call_request_id_so_identical_failures_read_alike()
    {
        var (first, firstWeChat) = await cluster.MiniProgramAsync(13);
        var (second, secondWeChat) = await cluster.MiniProgramAsync(15);
        firstWeChat.Refuse(CodeManagementApis.Commit, 85013, "invalid ext_json, parse fail or containing invalid path rid: 6539a1f4-0d3c1a2b-4f5e6d7c");
        secondWeChat.Refuse(CodeManagementApis.Commit, 85013, "invalid ext_json, parse fail or containing invalid path hint: [KIzgka01871550]");

        var one = await first.CommitAsync(Commit());
        var other = await second.CommitAsync(Commit());

        Assert.Equal("invalid ext_json, parse fail or containing invalid path (85013)", one.Reason);
        Assert.Equal((85013, one.Reason), (other.ErrorCode, other.Reason));
        Assert.Equal(one.Reason, (await first.GetAsync()).Reason);
    }

    private static ReleaseCommit Commit() => ScriptedReleaseCluster.Commit(Campaign);

    private async Task<(IMiniProgramReleaseGrain Grain, ScriptedCodeManagement.MiniProgram WeChat)> ApprovedAsync(int n)
    {
        var (grain, wechat) = await cluster.MiniProgramAsync(n);
        await grain.CommitAsync(Commit());
        Assert.Equal(ReleaseStepStatus.Done, (await grain.SubmitAuditAsync(Campaign, null)).Status);
        wechat.AuditStatus = 0;
        await grain.OnAuditVerdictAsync(new AuditVerdict(AuditOutcome.Approved, cluster.Time.GetUtcNow(), null, null));
        return (grain, wechat);
    }

    private List<ReleaseChange> Changes(int n) =>
        [.. cluster.Peek<OutboxState>("outbox", cluster.Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(Accounts.ComponentAppId, Accounts.Account(n))))!
            .Pending.Select(p => p.ReleaseChange).OfType<ReleaseChange>()];
}
