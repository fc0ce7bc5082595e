using Grains.Releases;
using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>The release grain against the sandbox's code management over real HTTP.</summary>
public sealed class ReleaseSandboxTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    private const string Campaign = "cmp_sandbox";

    [Fact]
    public async Task A_submit_whose_answer_the_silo_died_before_writing_is_not_sent_to_wechat_again()
    {
        var account = Accounts.Account(1);
        await cluster.StartComponentAsync();
        await cluster.AuthorizeAsync(account);
        var grain = cluster.Grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(Accounts.ComponentAppId, account));
        var committed = await grain.CommitAsync(new ReleaseCommit(Campaign, 1, $$"""{"extAppid":"{{account}}"}""", "2.0.0", "sandbox"));
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(10));
        var submitted = await grain.SubmitAuditAsync(Campaign, null);

        // What a silo dying between WeChat's answer and the write leaves in storage: the intent, no outcome.
        var sentAt = cluster.Time.GetUtcNow();
        cluster.Rewrite<ReleaseState>("release", grain, s =>
        {
            s.DoneSteps.Remove("submit");
            s.Intent = new ReleaseIntent { CampaignId = Campaign, Step = "submit", StartedAt = sentAt };
            s.Stage = ReleaseStage.Committed;
            s.AuditId = null;
        });
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var repeated = await grain.SubmitAuditAsync(Campaign, null);

        Assert.Equal(ReleaseStepStatus.Done, committed.Status);
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Auditing), (submitted.Status, submitted.Release.Stage));
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Auditing, submitted.Release.AuditId), (repeated.Status, repeated.Release.Stage, repeated.Release.AuditId));
        Assert.Equal(1, cluster.Calls(CodeManagementApis.SubmitAudit, account));
        Assert.Equal(1, cluster.Calls(CodeManagementApis.LatestAuditStatus, account));
    }

    [Fact]
    public async Task Two_mini_programs_refused_the_same_way_fail_with_the_same_reason_whatever_wechats_request_ids()
    {
        string[] accounts = [Accounts.Account(3), Accounts.Account(5)];
        await cluster.StartComponentAsync();
        var refused = new List<ReleaseStepResult>();
        foreach (var account in accounts)
        {
            await cluster.AuthorizeAsync(account);
            var grain = cluster.Grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(Accounts.ComponentAppId, account));
            refused.Add(await grain.CommitAsync(new ReleaseCommit(Campaign, 987654, $$"""{"extAppid":"{{account}}"}""", "2.0.0", "sandbox")));
        }

        Assert.All(refused, r => Assert.Equal((ReleaseStepStatus.Failed, 85014, "template not exist (85014)"), (r.Status, r.ErrorCode, r.Reason)));
        Assert.Equal(2, cluster.WeChat.Calls.All(CodeManagementApis.Commit).Count(c => accounts.Contains(c.AuthorizerAppId) && c.ErrorCode == 85014));
    }

    [Fact]
    public async Task A_gray_release_whose_answer_the_silo_died_before_writing_is_found_in_wechats_gray_plan_and_not_sent_again()
    {
        var account = Accounts.Account(7);
        await cluster.StartComponentAsync();
        await cluster.AuthorizeAsync(account);
        var grain = cluster.Grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(Accounts.ComponentAppId, account));
        await ApprovedAsync(grain, "cmp_gray_1", account, "3.0.0");
        Assert.Equal(ReleaseStepStatus.Done, (await grain.ReleaseAsync("cmp_gray_1", null)).Status);
        await ApprovedAsync(grain, "cmp_gray_2", account, "3.1.0");
        var gray = await grain.ReleaseAsync("cmp_gray_2", 10);

        var sentAt = cluster.Time.GetUtcNow();
        cluster.Rewrite<ReleaseState>("release", grain, s =>
        {
            s.DoneSteps.Remove("gray:10");
            s.Intent = new ReleaseIntent { CampaignId = "cmp_gray_2", Step = "gray:10", StartedAt = sentAt };
            s.Stage = ReleaseStage.Approved;
        });
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var repeated = await grain.ReleaseAsync("cmp_gray_2", 10);

        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Gray), (gray.Status, gray.Release.Stage));
        Assert.Equal((ReleaseStepStatus.Done, ReleaseStage.Gray), (repeated.Status, repeated.Release.Stage));
        Assert.Equal(1, cluster.Calls(CodeManagementApis.GrayRelease, account));
        Assert.Equal(1, cluster.Calls(CodeManagementApis.GrayReleasePlan, account));
    }

    /// <summary>Commits and submits <paramref name="version"/>; the sandbox's review approves it on the fake clock and its event reaches the grain.</summary>
    private async Task ApprovedAsync(IMiniProgramReleaseGrain grain, string campaignId, string account, string version)
    {
        Assert.Equal(ReleaseStepStatus.Done, (await grain.CommitAsync(new ReleaseCommit(campaignId, 1, $$"""{"extAppid":"{{account}}"}""", version, "sandbox"))).Status);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(ReleaseStepStatus.Done, (await grain.SubmitAuditAsync(campaignId, null)).Status);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(10));
        await Eventually.Until(grain.GetAsync, r => r.Stage == ReleaseStage.Approved, what: $"{version} approved");
    }
}
