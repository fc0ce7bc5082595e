using Grains.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Sandbox.State;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>An authorizer's reminder is due when its refresh is, moves with each refresh, and retries on its period.</summary>
public sealed class ReminderScheduleTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    private static readonly TokenLifecycleOptions Defaults = new();

    [Fact]
    public async Task The_reminder_is_due_at_the_refresh_and_each_refresh_moves_it_to_the_next()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(13);
        await cluster.AuthorizeAsync(account);
        var first = await cluster.Authorizer(account).GetTokenAsync();
        var due = await ReminderAsync(account);

        AssertDueWithinWindow(due.StartAt, first.ExpiresAt);
        Assert.Equal(Defaults.ReminderPeriod, due.Period);

        // Up to a minute before the due instant nothing happens; a minute after it, one refresh.
        await cluster.AdvanceAsync(due.StartAt - cluster.Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.Equal(0, cluster.Calls(ComponentApis.AuthorizerToken, account));
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(2));
        var second = await cluster.Authorizer(account).GetTokenAsync();
        var moved = await ReminderAsync(account);

        Assert.Equal(1, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.NotEqual(first.Value, second.Value);
        AssertDueWithinWindow(moved.StartAt, second.ExpiresAt);
    }

    [Fact]
    public async Task A_refresh_that_fails_at_its_due_instant_is_retried_by_the_reminder_period_before_the_token_runs_short()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(14);
        await cluster.AuthorizeAsync(account);
        var first = await cluster.Authorizer(account).GetTokenAsync();
        var due = await ReminderAsync(account);

        await cluster.AdvanceAsync(due.StartAt - cluster.Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        cluster.WeChat.Faults.Add(new Fault(FaultKind.SystemError, 1000, ComponentApis.AuthorizerToken));
        try
        {
            await cluster.AdvanceAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            cluster.WeChat.Faults.Clear();
        }

        // A refused call is journaled before its body is read, so without the account.
        var failed = cluster.WeChat.Calls.All(ComponentApis.AuthorizerToken).Count(c => c.ErrorCode == -1);
        Assert.Equal(first.Value, (await cluster.Authorizer(account).GetTokenAsync()).Value);
        Assert.True(failed > 0, "the due tick never tried to refresh");
        Assert.Equal(0, cluster.Calls(ComponentApis.AuthorizerToken, account));

        await cluster.AdvanceAsync(Defaults.ReminderPeriod);
        var second = await cluster.Authorizer(account).GetTokenAsync();

        Assert.Equal(1, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.NotEqual(first.Value, second.Value);
        Assert.True(first.ExpiresAt - cluster.Time.GetUtcNow() > Defaults.MinimumValidity);
        AssertDueWithinWindow((await ReminderAsync(account)).StartAt, second.ExpiresAt);
    }

    [Fact]
    public async Task Tokens_issued_in_one_burst_come_due_spread_over_the_jitter()
    {
        await cluster.StartComponentAsync();
        var accounts = Enumerable.Range(15, 5).Select(Accounts.Account).ToList();
        foreach (var account in accounts)
        {
            await cluster.AuthorizeAsync(account);
        }

        var dues = await Task.WhenAll(accounts.Select(async a => (await ReminderAsync(a)).StartAt));

        Assert.True(dues.Distinct().Count() > 1, "every token of the burst came due at the same instant");
    }

    private static void AssertDueWithinWindow(DateTime dueAt, DateTimeOffset expiresAt)
    {
        var earliest = expiresAt - Defaults.RefreshBefore;
        Assert.InRange(new DateTimeOffset(dueAt, TimeSpan.Zero), earliest - TimeSpan.FromSeconds(1), earliest + Defaults.RefreshJitter + TimeSpan.FromSeconds(1));
    }

    private async Task<ReminderEntry> ReminderAsync(string account)
    {
        var table = cluster.Cluster.Silos[0].SiloHost.Services.GetRequiredService<IReminderTable>();
        return (await Eventually.Until(() => table.ReadRow(cluster.Authorizer(account).GetGrainId(), "authorizer-token"), row => row is not null,
            what: $"{account} has a reminder"))!;
    }
}
