using Grains.Interfaces;
using Grains.Quotas;
using Grains.Tests.Support;

namespace Grains.Tests;

/// <summary>The cluster's refusal registry answers each reader only what changed since the version it knows.</summary>
public sealed class QuotaRefusalsTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    private IQuotaRefusalsGrain Registry => cluster.Grains.GetGrain<IQuotaRefusalsGrain>(QuotaRefusals.RegistryKey);

    [Fact]
    public async Task A_reader_gets_the_whole_list_once_then_only_the_changes_since_its_version_and_nothing_when_current()
    {
        var now = cluster.Time.GetUtcNow();
        await Registry.RefuseAsync(Refusal("wx-a/1", now));
        var first = (await Registry.GetSinceAsync(Guid.Empty, -1))!;
        await Registry.RefuseAsync(Refusal("wx-a/2", now));
        await Registry.LiftAsync(new QuotaLift("wx-a/1", now));

        var changes = (await Registry.GetSinceAsync(first.Epoch, first.Version))!;
        var current = await Registry.GetSinceAsync(changes.Epoch, changes.Version);
        var otherEpoch = (await Registry.GetSinceAsync(Guid.NewGuid(), changes.Version))!;

        Assert.True(first.Full);
        Assert.Contains(first.Refused, r => r.AccountKey == "wx-a/1");
        Assert.False(changes.Full);
        Assert.Equal(first.Version + 2, changes.Version);
        Assert.Equal("wx-a/2", Assert.Single(changes.Refused).AccountKey);
        Assert.Equal("wx-a/1", Assert.Single(changes.Lifted).AccountKey);
        Assert.Null(current);
        Assert.True(otherEpoch.Full);
        Assert.DoesNotContain(otherEpoch.Refused, r => r.AccountKey == "wx-a/1");
        Assert.Contains(otherEpoch.Refused, r => r.AccountKey == "wx-a/2");
    }

    [Fact]
    public async Task A_reader_further_behind_than_the_change_log_gets_the_whole_list()
    {
        var now = cluster.Time.GetUtcNow();
        var known = (await Registry.GetSinceAsync(Guid.Empty, -1))!;
        for (var i = 0; i <= QuotaRefusalsGrain.LoggedChanges; i++)
        {
            await Registry.RefuseAsync(Refusal($"wx-b/{i}", now));
        }

        var behind = (await Registry.GetSinceAsync(known.Epoch, known.Version))!;
        var justInside = (await Registry.GetSinceAsync(known.Epoch, known.Version + 1))!;

        Assert.True(behind.Full);
        Assert.Equal(QuotaRefusalsGrain.LoggedChanges + 1, behind.Refused.Count(r => r.AccountKey.StartsWith("wx-b/", StringComparison.Ordinal)));
        Assert.False(justInside.Full);
        Assert.Equal(QuotaRefusalsGrain.LoggedChanges, justInside.Refused.Count);
    }

    [Fact]
    public async Task A_refusal_past_its_end_leaves_the_list()
    {
        var now = cluster.Time.GetUtcNow();
        await Registry.RefuseAsync(Refusal("wx-c/1", now, until: now.AddMinutes(1)));
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));

        var list = (await Registry.GetSinceAsync(Guid.Empty, -1))!;

        Assert.DoesNotContain(list.Refused, r => r.AccountKey == "wx-c/1");
    }

    private static QuotaRefusal Refusal(string account, DateTimeOffset at, DateTimeOffset? until = null) =>
        new(account, "/cgi-bin/ticket/getticket", until ?? at.AddHours(1), at);
}
