using System.Diagnostics;
using Grains.Campaigns;
using Grains.Tests.Support;
using TestSupport;

namespace Grains.Tests;

/// <summary>How a campaign paces itself against the platform's limits: the pacer's calls per second.</summary>
public sealed class CampaignPacingTests : IClassFixture<CampaignCluster>
{
    private readonly CampaignCluster _cluster;

    public CampaignPacingTests(CampaignCluster cluster)
    {
        _cluster = cluster;
        cluster.PlentyOfAudits();
    }

    [Fact]
    public async Task A_campaign_the_pacer_grants_no_call_waits_for_the_next_permit_instead_of_asking_again_at_once()
    {
        // Twelve accounts and ten calls a second: the first wave commits ten, and the clock standing still, no permit comes back.
        var accounts = await _cluster.MiniProgramsAsync(Enumerable.Range(0, 12).Select(i => 1 + 2 * i).ToArray());
        await _cluster.Campaign("cmp_paced").StartAsync(CampaignCluster.Spec(accounts, "7.0.0"));
        await Eventually.Until(async () => (await _cluster.StoredAsync("cmp_paced")).Counts.GetValueOrDefault(ReleaseStage.Committed) == 10);

        var before = _cluster.PacerTakes.Count;
        var watch = Stopwatch.StartNew();
        await Eventually.Until(() => _cluster.PacerTakes.Count >= before + 3);
        var elapsed = watch.Elapsed;
        var done = await _cluster.RunUntilAsync("cmp_paced", c => c.Status == CampaignStatus.Done, step: TimeSpan.FromSeconds(30));

        // A wave with no permit waits the pacer's tenth of a second: two more waves take at least two of them.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(150), $"three waves within {elapsed.TotalMilliseconds} ms");
        Assert.Equal(12, done.Counts.GetValueOrDefault(ReleaseStage.Released));
    }
}
