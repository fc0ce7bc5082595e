using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Tests.Support;
using Grains;

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

    [Fact]
    public async Task Totals_stay_exact_through_revoke_reauthorize_a_silo_killed_between_the_grains_writes_and_a_restore()
    {
        await cluster.StartAllAsync();
        // The probe: re-authorizing and restoring issue tokens outside the once-per-lifetime rhythm the other accounts are held to.
        var account = LocalCluster.Probe;
        var delivered = AuthorizationDeliveries(account);
        var start = await TotalsAsync();

        Assert.True(await cluster.RevokeAsync(account), "the unauthorized event was not answered success");
        await WaitForStatusAsync(account, "unauthorized");
        Assert.Equal(start.Moved(authorized: -1, unauthorized: 1), await TotalsAsync());

        Assert.True(await cluster.AuthorizeThroughCallbackAsync(account), "the callback page did not show success");
        await WaitForStatusAsync(account, "authorized");
        Assert.Equal(start, await TotalsAsync());

        // As if a silo died between the grain's state write and its index write: the row tells an older story, and
        // the totals follow the row until the grain, woken after every silo was killed, writes it again.
        Assert.Equal(1, await cluster.ExecuteSqlAsync(
            "UPDATE authorizer_index SET status = 1, updated_at = updated_at - interval '1 hour' WHERE authorizer_appid = $1", account));
        Assert.Equal(start.Moved(authorized: -1, unauthorized: 1), await TotalsAsync());
        await KillEverySiloAndStartAgainAsync();
        await cluster.GrainTokenAsync(account);
        await WaitForStatusAsync(account, "authorized");
        Assert.Equal(start, await TotalsAsync());

        // The store lost the account's state: the walk of WeChat's list gives it back, and its row, which still says
        // authorized, is written again and counted once.
        Assert.Equal(1, await cluster.ExecuteSqlAsync(
            "DELETE FROM orleans_storage WHERE grain_type = 'authorizer' AND grain_id_extension = $1", AuthorizerKey.For(LocalCluster.ComponentAppId, account)));
        await KillEverySiloAndStartAgainAsync();
        using var restore = await cluster.Api.PostAsync($"/api/components/{LocalCluster.ComponentAppId}/authorizers/restore", null, TestContext.Current.CancellationToken);
        restore.EnsureSuccessStatusCode();
        var restored = (await restore.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("restored").GetInt32();

        Assert.True(restored >= 1, $"restored {restored}");
        Assert.Equal(start, await TotalsAsync());
        Assert.Equal(200, (await cluster.ReadTokenAsync(account, TestContext.Current.CancellationToken)).Status);

        // The webhook hears the three changes (revoked, authorized, restored): later tests count only their own.
        var waited = Stopwatch.StartNew();
        while (AuthorizationDeliveries(account) < delivered + 3)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the probe's authorization changes never all reached the webhook");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// <c>X-Total-Count</c> of the whole platform and of each status, each checked against the accounts the listing
    /// itself returns (read from the rows, not the counters).
    /// </summary>
    private async Task<Totals> TotalsAsync()
    {
        var rows = await cluster.AuthorizersAsync();
        async Task<long> TotalAsync(string? status)
        {
            var query = status is null ? "" : $"&status={status}";
            using var response = await cluster.Api.GetAsync($"/api/components/{LocalCluster.ComponentAppId}/authorizers?limit=1{query}", TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            var total = long.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
            Assert.Equal(rows.LongCount(a => status is null || a.Status == status), total);
            return total;
        }

        Assert.Equal(0, await TotalAsync("reauthorization_required"));
        return new Totals(await TotalAsync(null), await TotalAsync("authorized"), await TotalAsync("unauthorized"));
    }

    private async Task WaitForStatusAsync(string account, string status)
    {
        var waited = Stopwatch.StartNew();
        while ((await cluster.AuthorizersAsync()).Single(a => a.AuthorizerAppid == account).Status != status)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{account} never showed {status} in the listing");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task KillEverySiloAndStartAgainAsync()
    {
        foreach (var silo in cluster.Silos)
        {
            await silo.KillAsync();
        }

        await cluster.StartAllAsync();
    }

    private int AuthorizationDeliveries(string account) =>
        cluster.Webhook.Deliveries.Values.Count(d => d.Type == "authorization" && d.AuthorizerAppId == account);

    private sealed record Totals(long All, long Authorized, long Unauthorized)
    {
        public Totals Moved(long authorized, long unauthorized) =>
            new(All + authorized + unauthorized, Authorized + authorized, Unauthorized + unauthorized);
    }
}
