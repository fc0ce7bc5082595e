using Cluster.Tests.Support;

namespace Cluster.Tests;

public sealed partial class ClusterTests
{
    [Fact]
    public async Task An_index_row_left_behind_by_a_silo_killed_after_the_grains_write_is_put_right_when_the_grain_is_back()
    {
        await cluster.StartAllAsync();
        var account = LocalCluster.Idle[^1];
        var token = await cluster.ReadTokenAsync(account);

        // As if the silo died between the grain's state write and its index write: the row shows an older story.
        var changed = await cluster.ExecuteSqlAsync(
            "UPDATE authorizer_index SET status = 1, token_expires_at = NULL, updated_at = updated_at - interval '1 hour' WHERE authorizer_appid = $1",
            account);
        var stale = (await cluster.AuthorizersAsync()).Single(a => a.AuthorizerAppid == account);
        foreach (var silo in cluster.Silos)
        {
            await silo.KillAsync();
        }

        await cluster.StartAllAsync();
        var served = await cluster.ReadTokenAsync(account);

        // The grain writes its row behind the read that woke it.
        var listed = await Eventually.Until(async () => (await cluster.AuthorizersAsync()).Single(a => a.AuthorizerAppid == account), row => row.Status == "authorized");

        Assert.Equal(1, changed);
        Assert.Equal("unauthorized", stale.Status);
        Assert.Equal(200, served.Status);
        Assert.Equal("authorized", listed.Status);
        Assert.NotNull(listed.ExpiresAt);
        Assert.NotEqual(default, token.ExpiresAt);
    }

    [Fact]
    public async Task Listing_pages_through_every_account_with_links_totals_and_a_status_filter()
    {
        await cluster.StartAllAsync();
        var seen = new List<string>();
        var path = $"/api/components/{LocalCluster.ComponentAppId}/authorizers?limit=7";
        string? total = null;
        while (path is not null)
        {
            using var response = await cluster.Api.GetAsync(path, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            total ??= response.Headers.GetValues("X-Total-Count").Single();
            var page = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<List<AuthorizerBody>>(response.Content, LocalCluster.JsonOptions))!;
            seen.AddRange(page.Select(a => a.AuthorizerAppid));
            path = response.Headers.TryGetValues("Link", out var links)
                ? links.Single().Split(';')[0].Trim('<', '>', ' ')
                : null;
        }

        using var none = await cluster.Api.GetAsync($"/api/components/{LocalCluster.ComponentAppId}/authorizers?status=reauthorization_required", TestContext.Current.CancellationToken);

        Assert.Equal(LocalCluster.All.Order(StringComparer.Ordinal), seen);
        Assert.Equal(LocalCluster.All.Count().ToString(System.Globalization.CultureInfo.InvariantCulture), total);
        Assert.Equal("0", none.Headers.GetValues("X-Total-Count").Single());
    }
}
