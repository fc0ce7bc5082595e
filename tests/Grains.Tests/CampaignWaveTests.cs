using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>Campaigns end to end against the sandbox: commit, submit, the sandbox's audit events, release, and the ways an account ends.</summary>
public sealed class CampaignWaveTests : IClassFixture<CampaignCluster>
{
    private readonly CampaignCluster _cluster;

    public CampaignWaveTests(CampaignCluster cluster)
    {
        _cluster = cluster;
        cluster.PlentyOfAudits();
    }

    [Fact]
    public async Task A_campaign_commits_submits_and_releases_every_mini_program_once_as_the_sandboxs_audit_events_approve_them()
    {
        var accounts = await _cluster.MiniProgramsAsync(1, 3, 5);

        await _cluster.Campaign("cmp_wave").StartAsync(CampaignCluster.Spec(accounts, "2.0.0"));
        var done = await _cluster.RunUntilAsync("cmp_wave", c => c.Status == CampaignStatus.Done);

        Assert.Equal(3, done.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.Null(done.WaitingFor);
        foreach (var account in accounts)
        {
            Assert.Equal((1, 1, 1), (_cluster.Calls(CodeManagementApis.Commit, account), _cluster.Calls(CodeManagementApis.SubmitAudit, account),
                _cluster.Calls(CodeManagementApis.Release, account)));
            var release = await _cluster.Release(account).GetAsync();
            Assert.Equal((ReleaseStage.Released, "2.0.0", "cmp_wave"), (release.Stage, release.UserVersion, release.CampaignId));
            Assert.Equal("2.0.0", _cluster.WeChat.Versions.Change(account, p => p.Online.Current?.Code.UserVersion));
        }

        Assert.True(_cluster.Calls(CodeManagementApis.QueryQuota) >= 1);
    }

    [Fact]
    public async Task The_wave_that_commits_a_mini_program_arms_the_next_wave_so_it_is_submitted_without_waiting_for_the_reminder()
    {
        var accounts = await _cluster.MiniProgramsAsync(25);

        await _cluster.Campaign("cmp_next_wave").StartAsync(CampaignCluster.Spec(accounts, "2.0.1"));

        // A second of the fake clock at a time, a minute at most: far short of the reminder (5 min), so only the
        // wave's own timer can take the committed account to its submit.
        for (var second = 0; second < 60 && _cluster.Calls(CodeManagementApis.SubmitAudit, accounts[0]) == 0; second++)
        {
            await _cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, _cluster.Calls(CodeManagementApis.SubmitAudit, accounts[0]));
        Assert.Equal(ReleaseStage.Auditing, (await _cluster.AccountAsync("cmp_next_wave", accounts[0])).Stage);
    }

    [Fact]
    public async Task A_manual_campaign_leaves_approved_mini_programs_unreleased_until_the_platform_asks_for_the_release()
    {
        var accounts = await _cluster.MiniProgramsAsync(7);

        await _cluster.Campaign("cmp_manual").StartAsync(CampaignCluster.Spec(accounts, "2.1.0", ReleaseMode.Manual));
        await _cluster.RunUntilAsync("cmp_manual", c => c.Counts.GetValueOrDefault(ReleaseStage.Approved) == 1);
        await _cluster.AdvanceAsync(TimeSpan.FromMinutes(30));
        var waiting = await _cluster.StoredAsync("cmp_manual");
        var releasesBefore = _cluster.Calls(CodeManagementApis.Release, accounts[0]);

        await _cluster.Campaign("cmp_manual").ReleaseAsync();
        var done = await _cluster.RunUntilAsync("cmp_manual", c => c.Status == CampaignStatus.Done);

        Assert.Equal((CampaignStatus.Running, 1L), (waiting.Status, waiting.Counts.GetValueOrDefault(ReleaseStage.Approved)));
        Assert.Equal(0, releasesBefore);
        Assert.Equal(1, done.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.Equal(1, _cluster.Calls(CodeManagementApis.Release, accounts[0]));
    }

    [Fact]
    public async Task A_rejected_audit_ends_the_mini_program_with_wechats_reason_and_retry_submits_it_again_to_release()
    {
        var accounts = await _cluster.MiniProgramsAsync(9, 11);
        var (rejected, approved) = (accounts[0], accounts[1]);
        await _cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{rejected}/audit-verdict", new { verdict = "reject", reason = "页面内容不完整" });

        await _cluster.Campaign("cmp_reject").StartAsync(CampaignCluster.Spec(accounts, "2.2.0"));
        var ended = await _cluster.RunUntilAsync("cmp_reject", c => c.Status == CampaignStatus.Done);
        var failed = await _cluster.AccountAsync("cmp_reject", rejected);
        await _cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{rejected}/audit-verdict", new { verdict = (string?)null });
        await _cluster.Campaign("cmp_reject").RetryAsync();
        var retried = await _cluster.RunUntilAsync("cmp_reject", c => c.Status == CampaignStatus.Done);

        Assert.Equal((1L, 1L), (ended.Counts.GetValueOrDefault(ReleaseStage.AuditFailed), ended.Counts.GetValueOrDefault(ReleaseStage.Released)));
        Assert.Equal((ReleaseStage.AuditFailed, "页面内容不完整"), (failed.Stage, failed.Reason));
        Assert.Equal(2, retried.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.Equal((1, 2, 1), (_cluster.Calls(CodeManagementApis.Commit, rejected), _cluster.Calls(CodeManagementApis.SubmitAudit, rejected),
            _cluster.Calls(CodeManagementApis.Release, rejected)));
        Assert.Equal((1, 1, 1), (_cluster.Calls(CodeManagementApis.Commit, approved), _cluster.Calls(CodeManagementApis.SubmitAudit, approved),
            _cluster.Calls(CodeManagementApis.Release, approved)));
    }

    [Fact]
    public async Task Rollback_reverts_the_mini_programs_this_campaign_released_and_no_other()
    {
        var accounts = await _cluster.MiniProgramsAsync(13, 15, 17);
        await _cluster.Campaign("cmp_base").StartAsync(CampaignCluster.Spec(accounts, "3.0.0"));
        await _cluster.RunUntilAsync("cmp_base", c => c.Status == CampaignStatus.Done);
        await _cluster.Campaign("cmp_next").StartAsync(CampaignCluster.Spec(accounts[..2], "3.1.0"));
        await _cluster.Campaign("cmp_other").StartAsync(CampaignCluster.Spec(accounts[2..], "3.1.0"));
        await _cluster.RunUntilAsync("cmp_next", c => c.Status == CampaignStatus.Done);
        await _cluster.RunUntilAsync("cmp_other", c => c.Status == CampaignStatus.Done);

        await _cluster.Campaign("cmp_next").RollbackAsync();
        var rolledBack = await _cluster.RunUntilAsync("cmp_next", c => c.Status == CampaignStatus.Done && c.RollingBack);

        Assert.Equal(2, rolledBack.Counts.GetValueOrDefault(ReleaseStage.Reverted));
        foreach (var account in accounts[..2])
        {
            Assert.Equal(1, _cluster.Calls(CodeManagementApis.RevertCodeRelease, account));
            Assert.Equal("3.0.0", _cluster.WeChat.Versions.Change(account, p => p.Online.Current?.Code.UserVersion));
            Assert.Equal(ReleaseStage.Reverted, (await _cluster.Release(account).GetAsync()).Stage);
        }

        Assert.Equal(0, _cluster.Calls(CodeManagementApis.RevertCodeRelease, accounts[2]));
        Assert.Equal("3.1.0", _cluster.WeChat.Versions.Change(accounts[2], p => p.Online.Current?.Code.UserVersion));
    }

    [Fact]
    public async Task Rollback_of_a_gray_release_in_progress_cancels_the_gray_plan_and_leaves_the_previous_version_online()
    {
        var accounts = await _cluster.MiniProgramsAsync(19);
        await _cluster.Campaign("cmp_online").StartAsync(CampaignCluster.Spec(accounts, "5.0.0"));
        await _cluster.RunUntilAsync("cmp_online", c => c.Status == CampaignStatus.Done);
        await _cluster.Campaign("cmp_gray").StartAsync(CampaignCluster.Spec(accounts, "5.1.0") with { GrayPercentage = 10 });
        var gray = await _cluster.RunUntilAsync("cmp_gray", c => c.Status == CampaignStatus.Done);

        await _cluster.Campaign("cmp_gray").RollbackAsync();
        var rolledBack = await _cluster.RunUntilAsync("cmp_gray", c => c.Status == CampaignStatus.Done && c.RollingBack);

        Assert.Equal(1, gray.Counts.GetValueOrDefault(ReleaseStage.Gray));
        Assert.Equal(1, rolledBack.Counts.GetValueOrDefault(ReleaseStage.Reverted));
        Assert.Equal((1, 0), (_cluster.Calls(CodeManagementApis.RevertGrayRelease, accounts[0]), _cluster.Calls(CodeManagementApis.RevertCodeRelease, accounts[0])));
        Assert.Equal(Sandbox.State.GrayPlan.Deleted, _cluster.WeChat.Versions.Change(accounts[0], p => p.Online.Gray?.Status));
        Assert.Equal("5.0.0", _cluster.WeChat.Versions.Change(accounts[0], p => p.Online.Current?.Code.UserVersion));
    }

    [Fact]
    public async Task A_second_campaign_leaves_a_mini_program_in_audit_for_another_campaign_which_still_releases_its_own_version()
    {
        var accounts = await _cluster.MiniProgramsAsync(21);
        await _cluster.Campaign("cmp_holder").StartAsync(CampaignCluster.Spec(accounts, "6.0.0"));
        await _cluster.RunUntilAsync("cmp_holder", c => c.Counts.GetValueOrDefault(ReleaseStage.Auditing) == 1);

        await _cluster.Campaign("cmp_intruder").StartAsync(CampaignCluster.Spec(accounts, "6.1.0"));
        var refused = await _cluster.RunUntilAsync("cmp_intruder", c => c.Status == CampaignStatus.Done);
        var done = await _cluster.RunUntilAsync("cmp_holder", c => c.Status == CampaignStatus.Done);

        Assert.Equal(1, refused.Counts.GetValueOrDefault(ReleaseStage.Failed));
        Assert.Contains("cmp_holder", (await _cluster.AccountAsync("cmp_intruder", accounts[0])).Reason);
        Assert.Equal(1, done.Counts.GetValueOrDefault(ReleaseStage.Released));
        Assert.Equal((1, 1, 1), (_cluster.Calls(CodeManagementApis.Commit, accounts[0]), _cluster.Calls(CodeManagementApis.SubmitAudit, accounts[0]),
            _cluster.Calls(CodeManagementApis.Release, accounts[0])));
        var release = await _cluster.Release(accounts[0]).GetAsync();
        Assert.Equal((ReleaseStage.Released, "6.0.0", "cmp_holder"), (release.Stage, release.UserVersion, release.CampaignId));
    }

    [Fact]
    public async Task Rollback_of_a_cancelled_campaign_reverts_what_it_released()
    {
        var accounts = await _cluster.MiniProgramsAsync(23);
        await _cluster.Campaign("cmp_before_incident").StartAsync(CampaignCluster.Spec(accounts, "8.0.0"));
        await _cluster.RunUntilAsync("cmp_before_incident", c => c.Status == CampaignStatus.Done);
        await _cluster.Campaign("cmp_incident").StartAsync(CampaignCluster.Spec(accounts, "8.1.0"));
        await _cluster.RunUntilAsync("cmp_incident", c => c.Counts.GetValueOrDefault(ReleaseStage.Released) == 1);

        var cancelled = await _cluster.Campaign("cmp_incident").CancelAsync();
        var rolling = await _cluster.Campaign("cmp_incident").RollbackAsync();
        var rolledBack = await _cluster.RunUntilAsync("cmp_incident", c => c.Status == CampaignStatus.Done && c.RollingBack);

        Assert.Equal(CampaignStatus.Cancelled, cancelled!.Status);
        Assert.Equal((CampaignStatus.Running, true), (rolling!.Status, rolling.RollingBack));
        Assert.Equal(1, rolledBack.Counts.GetValueOrDefault(ReleaseStage.Reverted));
        Assert.Equal(1, _cluster.Calls(CodeManagementApis.RevertCodeRelease, accounts[0]));
        Assert.Equal("8.0.0", _cluster.WeChat.Versions.Change(accounts[0], p => p.Online.Current?.Code.UserVersion));
    }
}
