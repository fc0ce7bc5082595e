using Grains.Tests.Support;
using Orleans.Runtime.Placement;
using WeChat.Api;

namespace Grains.Tests;

public sealed class ThreeSiloCluster : TokenCluster
{
    protected override short Silos => 3;
}

public sealed class SiloFailureTests(ThreeSiloCluster cluster) : IClassFixture<ThreeSiloCluster>
{
    [Fact]
    public async Task A_silo_stopped_mid_life_loses_nothing_and_its_grains_carry_on_elsewhere()
    {
        await cluster.StartComponentAsync();
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var primary = cluster.Cluster.Silos[0].SiloAddress;

        // Place an authorizer on a secondary silo, which is the one stopped: the primary hosts the test membership table.
        // The placement hint asks for it (left to placement, once none of seven accounts in a row landed off the primary).
        var secondary = cluster.Cluster.Silos[1].SiloAddress;
        string? account = null;
        SiloAddress? host = null;
        for (var i = 13; i < 20 && host is null; i++)
        {
            var candidate = Accounts.Account(i);
            await cluster.AuthorizeAsync(candidate);
            await management.ForceActivationCollection(TimeSpan.Zero);
            RequestContext.Set(IPlacementDirector.PlacementHintKey, secondary);
            try
            {
                await cluster.Authorizer(candidate).GetTokenAsync();
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            var address = await management.GetActivationAddress(cluster.Authorizer(candidate));
            if (address is not null && !address.Equals(primary))
            {
                (account, host) = (candidate, address);
            }
        }

        Assert.NotNull(account);
        var before = await cluster.Authorizer(account).GetTokenAsync();
        var calls = cluster.Calls(ComponentApis.AuthorizerToken, account);

        await cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        var after = await cluster.Authorizer(account).GetTokenAsync();
        var newHost = await management.GetActivationAddress(cluster.Authorizer(account));

        Assert.Equal(before, after);
        Assert.NotEqual(host, newHost);
        Assert.Equal(calls, cluster.Calls(ComponentApis.AuthorizerToken, account));

        cluster.Time.Advance(TimeSpan.FromHours(2));
        var refreshed = await cluster.Authorizer(account).GetTokenAsync();
        Assert.NotEqual(before.Value, refreshed.Value);
        Assert.Equal(calls + 1, cluster.Calls(ComponentApis.AuthorizerToken, account));
    }
}
