using Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>
/// Silo memory follows activity, not accounts: an account nobody reads costs its stored rows and its reminder, and
/// no activation, between two refreshes.
/// </summary>
public sealed class IdleAuthorizerTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    /// <summary>
    /// Idle for longer than the period of any timer that keeps an authorizer active (the 5 s retries of a write or a
    /// hand-over that failed), so a grain that such a timer, a pending call or a delayed deactivation holds is never
    /// collected. The grain's own limit (<c>CollectionAgeLimit</c>, 5 minutes) is Orleans' to apply on real time.
    /// </summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task An_idle_authorizer_deactivates_and_its_reminder_wakes_it_for_exactly_one_refresh()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(24);
        await cluster.AuthorizeAsync(account);
        var grain = cluster.Authorizer(account);
        var authorized = await RowAsync(account);
        Assert.True(await IsActiveAsync(grain), "the authorization did not activate the account's grain");

        await WaitUntilDeactivatedAsync(grain);
        var due = await ReminderDueAsync(account);

        // Until its refresh is due, nothing wakes it.
        await cluster.AdvanceAsync(due - cluster.Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.False(await IsActiveAsync(grain), "something woke the grain before its refresh was due");
        Assert.Equal(0, cluster.Calls(ComponentApis.AuthorizerToken, account));

        // Its reminder does, once; the new token's expiry reaches the index without anyone calling the grain.
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(2));
        await WaitUntilAsync(async () => (await RowAsync(account)).TokenExpiresAt > authorized.TokenExpiresAt, "the reminder never refreshed the token");
        Assert.True(await IsActiveAsync(grain), "the refresh ran without an activation");
        Assert.Equal(1, cluster.Calls(ComponentApis.AuthorizerToken, account));

        // And it goes idle again until the next refresh: still one.
        await WaitUntilDeactivatedAsync(grain);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.False(await IsActiveAsync(grain), "something woke the grain between two refreshes");
        Assert.Equal(1, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.True(await ReminderDueAsync(account) > cluster.Time.GetUtcNow(), "the refresh did not move the reminder to the next one");
    }

    private async Task<bool> IsActiveAsync(IAuthorizerGrain grain)
    {
        var activations = await cluster.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return activations.Any(a => a.GrainId == grain.GetGrainId());
    }

    /// <summary>Asks every silo to collect what has been idle for <see cref="Idle"/> until the grain is gone.</summary>
    private async Task WaitUntilDeactivatedAsync(IAuthorizerGrain grain)
    {
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        await WaitUntilAsync(async () =>
        {
            await management.ForceActivationCollection(Idle);
            return !await IsActiveAsync(grain);
        }, "the idle grain was never collected: something keeps it active");
    }

    private async Task<DateTimeOffset> ReminderDueAsync(string account)
    {
        var table = cluster.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IReminderTable>();
        var row = await table.ReadRow(cluster.Authorizer(account).GetGrainId(), "authorizer-token")
            ?? throw new InvalidOperationException($"{account} has no reminder");
        return new DateTimeOffset(row.StartAt, TimeSpan.Zero);
    }

    private async Task<AuthorizerEntry> RowAsync(string account) => (await cluster.ListAuthorizersAsync()).Single(e => e.AuthorizerAppId == account);

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string failure)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (!await done())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, failure);
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
