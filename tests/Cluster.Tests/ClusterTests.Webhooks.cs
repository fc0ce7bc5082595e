using System.Diagnostics;
using Cluster.Tests.Support;

namespace Cluster.Tests;

public sealed partial class ClusterTests
{
    [Fact]
    public async Task Messages_and_authorization_changes_acknowledged_while_the_webhook_is_down_survive_SIGKILL_of_every_silo_and_are_delivered_once()
    {
        await cluster.StartAllAsync();

        // The fixture's authorizations reach the webhook a moment after they are acknowledged: this test counts only its own.
        // One held by a silo another test killed comes with its outbox's reminder.
        await Eventually.Until(() => LocalCluster.All.All(a => cluster.Webhook.Deliveries.Values.Any(d => d.Type == "authorization" && d.AuthorizerAppId == a)),
            TimeSpan.FromMinutes(3), "the fixture's authorizations all reached the webhook");

        var earlier = cluster.Webhook.Taken.Keys.ToHashSet();
        cluster.Webhook.Down = true;
        var accounts = LocalCluster.Idle.Take(4).ToList();
        var acknowledged = 0;
        foreach (var account in accounts)
        {
            for (var i = 0; i < 3; i++)
            {
                acknowledged += await cluster.PushMessageAsync(account, $"stored {i}") ? 1 : 0;
            }
        }

        // Two changes of one account's authorization: WeChat's unauthorized event, then a new authorization on the callback page.
        var revoked = await cluster.RevokeAsync(LocalCluster.Probe);
        var authorizedAgain = await cluster.AuthorizeThroughCallbackAsync(LocalCluster.Probe);

        foreach (var silo in cluster.Silos)
        {
            await silo.KillAsync();
        }

        var restartedAt = Stopwatch.StartNew();
        await cluster.StartAllAsync();
        cluster.Webhook.Down = false;

        // Nothing pushes these accounts again: only the outboxes' reminders, read back from PostgreSQL, resume them.
        await Eventually.Until(() => NewlyTaken("message").Count >= acknowledged && NewlyTaken("authorization").Count >= 2, TimeSpan.FromMinutes(3));
        var deliveredAfter = restartedAt.Elapsed;
        await cluster.Webhook.QuietAsync(RetriesSettled);
        var messages = NewlyTaken("message");
        var changes = NewlyTaken("authorization");
        Report($"webhook down, {acknowledged} messages and 2 authorization changes acknowledged, every silo killed (-9) and restarted: {messages.Count} messages and {changes.Count} changes delivered {deliveredAfter.TotalSeconds:F0} s after the restart began, none twice");

        Assert.Equal(accounts.Count * 3, acknowledged);
        Assert.True(revoked, "the unauthorized event was not answered success");
        Assert.True(authorizedAgain, "the callback page did not show success");
        Assert.Equal(acknowledged, messages.Count);
        Assert.Equal([(LocalCluster.Probe, "unauthorized"), (LocalCluster.Probe, "authorized")], changes.Select(c => (c.AuthorizerAppId, c.Event)));
        Assert.All(cluster.Webhook.Taken.Where(t => !earlier.Contains(t.Key)), t => Assert.Equal(1, t.Value));
        await AssertEveryAccountServedAsync();

        List<TakenDelivery> NewlyTaken(string type) =>
            [.. cluster.Webhook.Deliveries.Where(d => !earlier.Contains(d.Key) && d.Value.Type == type).Select(d => d.Value).OrderBy(d => d.Order)];
    }
}
