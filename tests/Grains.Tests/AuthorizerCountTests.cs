using Grains.Authorizer;
using Grains.Tests.Support;

namespace Grains.Tests;

/// <summary>
/// The single node's counts per status (the status page's, and listing's totals) say what counting the index rows
/// says, through each account's whole story: no write counts an account twice.
/// </summary>
public sealed class AuthorizerCountTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task Counts_stay_exact_through_authorize_revoke_reauthorize_and_restore()
    {
        await cluster.StartComponentAsync();
        var (account, other) = (Accounts.Account(8), Accounts.Account(12));
        var start = await CountsAsync();

        await cluster.AuthorizeAsync(account);
        await cluster.AuthorizeAsync(other);
        await AssertCountsAsync(start, authorized: 2, unauthorized: 0);

        // Authorizing again with the same permission sets rewrites the row with the same status.
        await cluster.AuthorizeAsync(account);
        await AssertCountsAsync(start, authorized: 2, unauthorized: 0);

        // WeChat's unauthorized push, then the same revocation again.
        var answered = UnauthorizedPushesAnswered();
        await cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{account}/revoke");
        await WaitUntilAsync(() => UnauthorizedPushesAnswered() > answered, "WeChat's unauthorized push was never answered");
        await cluster.Component.RevokeAuthorizationAsync(account, cluster.Time.GetUtcNow());
        await AssertCountsAsync(start, authorized: 1, unauthorized: 1);

        await cluster.AuthorizeAsync(account);
        await AssertCountsAsync(start, authorized: 2, unauthorized: 0);

        // The walk of WeChat's list gives one account back the state the store lost (its row keeps its status) and
        // brings back another that the platform has as revoked while WeChat lists it as authorized.
        cluster.Store.Remove(SharedGrainStore.Key("authorizer", cluster.Authorizer(other).GetGrainId()));
        await cluster.Component.RevokeAuthorizationAsync(account, cluster.Time.GetUtcNow());
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await AssertCountsAsync(start, authorized: 1, unauthorized: 1);
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        var restored = await cluster.Component.RestoreRefreshTokensAsync();

        // Other tests' accounts may be restored too: what must hold is that the counts are the rows'.
        Assert.True(restored.Restored >= 2, $"restored {restored.Restored}");
        await AssertCountsMatchRowsAsync();
        Assert.Equal(AuthorizerStatus.Authorized, (await RowAsync(account)).Status);
        Assert.Equal(AuthorizerStatus.Authorized, (await RowAsync(other)).Status);
    }

    [Fact]
    public async Task An_account_whose_silo_died_between_its_state_write_and_its_index_write_is_counted_once_when_its_grain_wakes()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(20);
        await cluster.AuthorizeAsync(account);
        var grain = cluster.Authorizer(account);
        var before = await CountsAsync();
        cluster.Time.Advance(TimeSpan.FromMinutes(1));

        // As if the silo died right after the grain stored the revocation, before its index write.
        cluster.Rewrite<AuthorizerState>("authorizer", grain, s =>
        {
            s.Status = AuthorizerStatus.Unauthorized;
            s.AccessToken = null;
            s.RevokedAt = s.ChangedAt = cluster.Time.GetUtcNow();
        });
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(before, await CountsAsync());

        await grain.GetSummaryAsync();
        await WaitUntilAsync(async () => (await RowAsync(account)).Status == AuthorizerStatus.Unauthorized, "the woken grain never wrote its row");
        var woken = await CountsAsync();

        // Every later activation writes the same row again.
        for (var i = 0; i < 3; i++)
        {
            await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            await grain.GetSummaryAsync();
        }

        Assert.Equal(before.GetValueOrDefault(AuthorizerStatus.Authorized) - 1, woken.GetValueOrDefault(AuthorizerStatus.Authorized));
        Assert.Equal(before.GetValueOrDefault(AuthorizerStatus.Unauthorized) + 1, woken.GetValueOrDefault(AuthorizerStatus.Unauthorized));
        Assert.Equal(woken, await CountsAsync());
        await AssertCountsMatchRowsAsync();
    }

    /// <summary>The counts the status page shows, after checking they agree with the rows and with listing's totals.</summary>
    private async Task<IReadOnlyDictionary<AuthorizerStatus, long>> CountsAsync()
    {
        await AssertCountsMatchRowsAsync();
        return (await Directory.GetOverviewAsync()).ByStatus;
    }

    /// <summary>The counts moved by the given numbers of accounts since <paramref name="start"/>, and agree with the rows.</summary>
    private async Task AssertCountsAsync(IReadOnlyDictionary<AuthorizerStatus, long> start, long authorized, long unauthorized)
    {
        var counts = await CountsAsync();
        Assert.Equal(start.GetValueOrDefault(AuthorizerStatus.Authorized) + authorized, counts.GetValueOrDefault(AuthorizerStatus.Authorized));
        Assert.Equal(start.GetValueOrDefault(AuthorizerStatus.Unauthorized) + unauthorized, counts.GetValueOrDefault(AuthorizerStatus.Unauthorized));
    }

    private async Task AssertCountsMatchRowsAsync()
    {
        var rows = (await cluster.ListAuthorizersAsync()).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.LongCount());
        Assert.Equal(rows, (await Directory.GetOverviewAsync()).ByStatus);
        Assert.Equal(rows.Values.Sum(), (await Directory.ListAsync(new AuthorizerQuery(null, 1, null))).Total);
        foreach (var status in Enum.GetValues<AuthorizerStatus>())
        {
            Assert.Equal(rows.GetValueOrDefault(status), (await Directory.ListAsync(new AuthorizerQuery(null, 1, status))).Total);
        }
    }

    private IAuthorizerDirectoryGrain Directory => cluster.Grains.GetGrain<IAuthorizerDirectoryGrain>(Accounts.ComponentAppId);

    private async Task<AuthorizerEntry> RowAsync(string account) => (await cluster.ListAuthorizersAsync()).Single(e => e.AuthorizerAppId == account);

    private int UnauthorizedPushesAnswered() => cluster.WeChat.Journal.Pushes().Count(p => p.Kind == "unauthorized" && p.StatusCode == 200);

    private static Task WaitUntilAsync(Func<bool> done, string failure) => WaitUntilAsync(() => Task.FromResult(done()), failure);

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string failure)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(10);
        while (!await done())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, failure);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
