using Grains.Campaigns;
using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>Campaigns steered and interrupted against the sandbox: the audit quota, pause and resume, cancel, and every grain lost midway.</summary>
public sealed class CampaignControlTests : IClassFixture<CampaignCluster>
{
    private readonly CampaignCluster _cluster;

    public CampaignControlTests(CampaignCluster cluster)
    {
        _cluster = cluster;
        cluster.PlentyOfAudits();
    }

    [Fact]
    public async Task Out_of_monthly_audits_a_campaign_waits_for_the_quota_and_goes_on_when_resumed_after_the_platform_got_more()
    {
        var accounts = await _cluster.MiniProgramsAsync(1, 3);
        var used = AuditsUsed();
        _cluster.WeChat.AuditQuotas.SetLimits(Accounts.ComponentAppId, used + 1, null);

        await _cluster.Campaign("cmp_quota").StartAsync(CampaignCluster.Spec(accounts, "4.0.0"));
        var waiting = await _cluster.RunUntilAsync("cmp_quota", c => c.WaitingFor == CampaignWait.AuditQuota && c.Counts.GetValueOrDefault(ReleaseStage.Released) == 1);
        _cluster.WeChat.AuditQuotas.SetLimits(Accounts.ComponentAppId, used + 2, null);
        await _cluster.Campaign("cmp_quota").ResumeAsync();
        var done = await _cluster.RunUntilAsync("cmp_quota", c => c.Status == CampaignStatus.Done);

        Assert.Equal(CampaignStatus.Running, waiting.Status);
        Assert.NotNull(waiting.NextAttemptAt);
        Assert.Equal(1, waiting.Counts.GetValueOrDefault(ReleaseStage.Committed));
        Assert.Equal(2, done.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.All(accounts, a => Assert.Equal(1, _cluster.Calls(CodeManagementApis.SubmitAudit, a)));
        Assert.Equal(0, _cluster.WeChat.Calls.Count(CodeManagementApis.SubmitAudit, errorCode: WeChatErrorCodes.AuditQuotaReached));
    }

    [Fact]
    public async Task When_the_audit_quota_cannot_be_asked_through_one_account_the_campaign_asks_again_soon_through_another()
    {
        var accounts = await _cluster.MiniProgramsAsync(27, 29);
        // The first account ready to submit has used up its daily calls of wxa/queryquota: WeChat answers it 45009 all day.
        await _cluster.ControlAsync("quota/exhaust", new { appid = accounts[0], api = CodeManagementApis.QueryQuota });
        var startedAt = _cluster.Time.GetUtcNow();

        await _cluster.Campaign("cmp_quota_asker").StartAsync(CampaignCluster.Spec(accounts, "4.0.1"));
        var submitted = await _cluster.RunUntilAsync("cmp_quota_asker", c => c.Counts.GetValueOrDefault(ReleaseStage.Committed) == 0
            && c.Counts.GetValueOrDefault(ReleaseStage.None) == 0, within: TimeSpan.FromMinutes(15));

        var asked = _cluster.WeChat.Calls.All(CodeManagementApis.QueryQuota).Where(c => accounts.Contains(c.AuthorizerAppId)).ToList();
        Assert.Contains(asked, c => (c.AuthorizerAppId, c.ErrorCode) == (accounts[0], WeChatErrorCodes.DailyQuotaReached));
        Assert.Contains(asked, c => (c.AuthorizerAppId, c.ErrorCode) == (accounts[1], 0));
        Assert.True(_cluster.Time.GetUtcNow() - startedAt < TimeSpan.FromMinutes(15));
        Assert.Null(submitted.WaitingFor);
        Assert.All(accounts, a => Assert.Equal(1, _cluster.Calls(CodeManagementApis.SubmitAudit, a)));
    }

    [Fact]
    public async Task A_campaign_at_its_audits_per_day_waits_until_midnight_in_beijing_and_then_submits_the_rest()
    {
        var accounts = await _cluster.MiniProgramsAsync(5, 7);

        await _cluster.Campaign("cmp_daily").StartAsync(CampaignCluster.Spec(accounts, "4.1.0", auditsPerDay: 1));
        var waiting = await _cluster.RunUntilAsync("cmp_daily", c => c.WaitingFor == CampaignWait.AuditQuota);
        var submitsBefore = accounts.Sum(a => _cluster.Calls(CodeManagementApis.SubmitAudit, a));
        var done = await _cluster.RunUntilAsync("cmp_daily", c => c.Status == CampaignStatus.Done, within: TimeSpan.FromHours(26), step: TimeSpan.FromMinutes(10));

        var midnight = waiting.NextAttemptAt!.Value.ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(TimeSpan.Zero, midnight.TimeOfDay);
        Assert.Equal(1, submitsBefore);
        Assert.True(_cluster.Time.GetUtcNow() >= midnight);
        Assert.Equal(2, done.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.All(accounts, a => Assert.Equal(1, _cluster.Calls(CodeManagementApis.SubmitAudit, a)));
    }

    [Fact]
    public async Task A_paused_campaign_records_audit_results_but_releases_nothing_until_it_is_resumed()
    {
        var accounts = await _cluster.MiniProgramsAsync(9, 11);
        await _cluster.Campaign("cmp_pause").StartAsync(CampaignCluster.Spec(accounts, "4.2.0"));
        await _cluster.RunUntilAsync("cmp_pause", c => c.Counts.GetValueOrDefault(ReleaseStage.Auditing) == 2);

        var paused = await _cluster.Campaign("cmp_pause").PauseAsync();
        var approved = await _cluster.RunUntilAsync("cmp_pause", c => c.Counts.GetValueOrDefault(ReleaseStage.Approved) == 2);
        await _cluster.AdvanceAsync(TimeSpan.FromMinutes(20));
        var releasesWhilePaused = accounts.Sum(a => _cluster.Calls(CodeManagementApis.Release, a));
        await _cluster.Campaign("cmp_pause").ResumeAsync();
        var done = await _cluster.RunUntilAsync("cmp_pause", c => c.Status == CampaignStatus.Done);

        Assert.Equal(CampaignStatus.Paused, paused!.Status);
        Assert.Equal(CampaignStatus.Paused, approved.Status);
        Assert.Equal(0, releasesWhilePaused);
        Assert.Equal(2, done.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.All(accounts, a => Assert.Equal(1, _cluster.Calls(CodeManagementApis.Release, a)));
    }

    [Fact]
    public async Task A_cancelled_campaign_takes_no_further_step_and_stays_cancelled_whatever_it_is_told()
    {
        var accounts = await _cluster.MiniProgramsAsync(13);
        await _cluster.Campaign("cmp_cancel").StartAsync(CampaignCluster.Spec(accounts, "4.3.0"));

        var cancelled = await _cluster.Campaign("cmp_cancel").CancelAsync();
        var calls = Steps(accounts[0]);
        await _cluster.AdvanceAsync(TimeSpan.FromMinutes(30));
        var resumed = await _cluster.Campaign("cmp_cancel").ResumeAsync();
        var retried = await _cluster.Campaign("cmp_cancel").RetryAsync();
        await _cluster.AdvanceAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(CampaignStatus.Cancelled, cancelled!.Status);
        Assert.Equal((CampaignStatus.Cancelled, CampaignStatus.Cancelled), (resumed!.Status, retried!.Status));
        Assert.Equal(calls, Steps(accounts[0]));
        Assert.Equal(0, _cluster.Calls(CodeManagementApis.Release, accounts[0]));
    }

    [Fact]
    public async Task Every_grain_deactivated_midway_and_a_step_whose_write_was_lost_the_campaign_goes_on_with_no_step_repeated()
    {
        var accounts = await _cluster.MiniProgramsAsync(15, 17, 19);
        await _cluster.Campaign("cmp_crash").StartAsync(CampaignCluster.Spec(accounts, "4.4.0"));
        await _cluster.RunUntilAsync("cmp_crash", c => c.Counts.GetValueOrDefault(ReleaseStage.Auditing) == 3);

        // What a silo dying between the submit's answer and the campaign's write leaves: the account's row still committed.
        var lost = await _cluster.Campaigns.MoveAsync(Accounts.ComponentAppId, "cmp_crash", new AccountMove(accounts[0], [ReleaseStage.Auditing],
            ReleaseStage.Committed, null, null, null, false, _cluster.Time.GetUtcNow(), _cluster.Time.GetUtcNow()));
        await _cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var done = await _cluster.RunUntilAsync("cmp_crash", c => c.Status == CampaignStatus.Done);

        Assert.True(lost);
        Assert.Equal(3, done.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.All(accounts, a => Assert.Equal((1, 1, 1), Steps(a)));
    }

    [Fact]
    public async Task A_campaign_whose_start_lost_the_answer_of_its_write_still_runs_to_the_end()
    {
        var accounts = await _cluster.MiniProgramsAsync(31);
        _cluster.StartAnswers.Lose("cmp_lost_answer");

        await Assert.ThrowsAnyAsync<Exception>(() => _cluster.Campaign("cmp_lost_answer").StartAsync(CampaignCluster.Spec(accounts, "4.5.0")));
        var done = await _cluster.RunUntilAsync("cmp_lost_answer", c => c.Status == CampaignStatus.Done, within: TimeSpan.FromMinutes(30));

        Assert.Equal(1, done.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.Equal((1, 1, 1), Steps(accounts[0]));
    }

    private int AuditsUsed()
    {
        var (rest, limit, _, _) = _cluster.WeChat.AuditQuotas.Quota(Accounts.ComponentAppId);
        return limit - rest;
    }

    private (int Commits, int Submits, int Releases) Steps(string account) =>
        (_cluster.Calls(CodeManagementApis.Commit, account), _cluster.Calls(CodeManagementApis.SubmitAudit, account), _cluster.Calls(CodeManagementApis.Release, account));
}
