using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Tests.Support;

namespace Cluster.Tests;

public sealed partial class ClusterTests
{
    [Fact]
    public async Task A_campaign_goes_on_after_a_silo_is_killed_midway_and_releases_every_mini_program_exactly_once()
    {
        await cluster.StartAllAsync();
        var started = DateTimeOffset.UtcNow;
        using var start = await cluster.Api.PostAsJsonAsync($"/api/components/{LocalCluster.ComponentAppId}/releases", new
        {
            template_id = 1,
            user_version = $"9.{started.ToUnixTimeSeconds()}.0",
            ext_json = new { extAppid = "{authorizer_appid}" },
            accounts = LocalCluster.MiniPrograms,
        });
        start.EnsureSuccessStatusCode();
        var campaign = start.Headers.Location!.OriginalString;

        // Mid-campaign: the first audit is under way, other submits may still be in flight.
        await Eventually.Until(async () => (await CountsAsync(campaign)).GetValueOrDefault("auditing") > 0, TimeSpan.FromSeconds(20), "an account is in audit");
        var killed = cluster.Silos[0];
        await killed.KillAsync();
        var done = (await Eventually.Until(() => CampaignAsync(campaign), c => c?.GetProperty("status").GetString() == "done", TimeSpan.FromSeconds(90)))!.Value;
        var took = DateTimeOffset.UtcNow - started;
        await cluster.StartAllAsync();

        Report($"campaign of {LocalCluster.MiniPrograms.Count} mini programs with {killed.Name} killed (kill -9) while the first was in audit: done in {took.TotalSeconds:F1} s");
        Assert.Equal(LocalCluster.MiniPrograms.Count, done.GetProperty("counts").GetProperty("released").GetInt64());
        foreach (var api in new[] { "wxa/commit", "wxa/submit_audit", "wxa/release" })
        {
            var calls = await cluster.CodeCallsAsync(api, started);
            foreach (var account in LocalCluster.MiniPrograms)
            {
                Assert.True(calls.Count(c => c.AuthorizerAppId == account) == 1,
                    $"{account}: {api} called {calls.Count(c => c.AuthorizerAppId == account)} times (errcodes {string.Join(", ", calls.Where(c => c.AuthorizerAppId == account).Select(c => c.ErrorCode))})");
            }
        }
    }

    private async Task<Dictionary<string, long>> CountsAsync(string campaign) =>
        await CampaignAsync(campaign) is { } c ? c.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()) : [];

    /// <summary>
    /// The campaign as the gateway shows it, or null while it cannot: a read sent through the silo just killed gets no
    /// answer (Orleans gives up on it after 30 s), so each read has its own deadline and the next one goes elsewhere.
    /// </summary>
    private async Task<JsonElement?> CampaignAsync(string campaign)
    {
        using var attempt = new CancellationTokenSource(LocalCluster.GrainAnswerDeadline);
        try
        {
            using var response = await cluster.Api.GetAsync(campaign, attempt.Token);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(attempt.Token) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && attempt.IsCancellationRequested))
        {
            return null;
        }
    }
}
