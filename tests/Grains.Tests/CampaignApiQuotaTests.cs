using Grains.Campaigns;
using Grains.Tests.Support;
using TestSupport;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>A campaign whose accounts WeChat refuses with 45009 waits for the daily API quota, says so, and goes on by itself.</summary>
public sealed class CampaignApiQuotaTests : IClassFixture<CampaignCluster>
{
    private readonly CampaignCluster _cluster;

    public CampaignApiQuotaTests(CampaignCluster cluster)
    {
        _cluster = cluster;
        cluster.PlentyOfAudits();
    }

    [Fact]
    public async Task A_commit_refused_for_the_daily_quota_makes_the_campaign_wait_for_the_api_quota_until_midnight_in_beijing_and_then_finish()
    {
        var accounts = await _cluster.MiniProgramsAsync(3);
        await _cluster.ControlAsync("quota/exhaust", new { appid = accounts[0], api = CodeManagementApis.Commit });
        // The fake clock says 2026-11-25 08:00 UTC: midnight in Beijing is 16:00 UTC.
        var midnight = new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

        await _cluster.Campaign("cmp_quota").StartAsync(CampaignCluster.Spec(accounts, "8.0.0"));
        var waiting = await Eventually.Until(() => _cluster.StoredAsync("cmp_quota"), c => c.WaitingFor is not null, what: "the campaign says what it waits for");
        var account = await _cluster.AccountAsync("cmp_quota", accounts[0]);
        await _cluster.AdvanceAsync(midnight - _cluster.Time.GetUtcNow(), TimeSpan.FromMinutes(30));
        var done = await _cluster.RunUntilAsync("cmp_quota", c => c.Status == CampaignStatus.Done);

        Assert.Equal((CampaignWait.ApiQuota, midnight), (waiting.WaitingFor, waiting.NextAttemptAt));
        Assert.Equal((ReleaseStage.None, 45009, midnight), (account.Stage, account.ErrorCode, account.NextAttemptAt));
        Assert.Equal((1L, null), (done.Counts.GetValueOrDefault(ReleaseStage.Released), done.WaitingFor));
    }
}
