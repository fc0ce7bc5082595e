using Grains.Tests.Support;
using Orleans.Runtime;

namespace Grains.Tests;

/// <summary>The platform's authorizer index follows each account's grain through its whole story.</summary>
public sealed class AuthorizerIndexTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task The_index_row_follows_authorize_revoke_reauthorize_and_restore()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(18);

        await cluster.AuthorizeAsync(account);
        var authorized = await RowAsync(account);
        await cluster.AuthorizeAsync(account);
        var reauthorized = await RowAsync(account);
        await cluster.Component.RevokeAuthorizationAsync(account, cluster.Time.GetUtcNow());
        var revoked = await RowAsync(account);
        var answered = UnauthorizedPushesAnswered();
        await cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{account}/revoke");

        // The sandbox pushes the unauthorized event in the background, as WeChat does: authorize again once it is answered.
        await Eventually.Until(() => UnauthorizedPushesAnswered() > answered);

        await cluster.AuthorizeAsync(account);
        var again = await RowAsync(account);

        Assert.Equal(AuthorizerStatus.Authorized, authorized.Status);
        Assert.Equal("Account 18", authorized.NickName);
        Assert.Equal(false, authorized.IsMiniProgram);
        Assert.NotNull(authorized.TokenExpiresAt);
        Assert.NotEmpty(authorized.PermissionSets);
        Assert.True(reauthorized.UpdatedAt >= authorized.UpdatedAt);
        Assert.Equal(AuthorizerStatus.Unauthorized, revoked.Status);
        Assert.Null(revoked.TokenExpiresAt);
        Assert.Equal(AuthorizerStatus.Authorized, again.Status);
        Assert.NotNull(again.TokenExpiresAt);
        Assert.Single(await cluster.ListAuthorizersAsync(), e => e.AuthorizerAppId == account);
    }

    [Fact]
    public async Task A_restored_account_is_indexed_and_a_refresh_updates_its_token_expiry()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(19);
        await cluster.AuthorizeAsync(account);
        var before = await RowAsync(account);

        // The store lost the account: the walk of WeChat's list restores it, and the index says so.
        cluster.Store.Remove(SharedGrainStore.Key("authorizer", cluster.Authorizer(account).GetGrainId()));
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        var result = await cluster.Component.RestoreRefreshTokensAsync();
        var token = await cluster.Authorizer(account).GetTokenAsync();
        var after = await RowAsync(account);

        Assert.True(result.Listed >= 1);
        Assert.True(result.Restored >= 1);
        Assert.Equal(0, result.NotListed);
        Assert.Equal(AuthorizerStatus.Authorized, after.Status);
        Assert.Equal(token.ExpiresAt, after.TokenExpiresAt);
        Assert.NotEqual(before.TokenExpiresAt, after.TokenExpiresAt);
        var recorded = (await cluster.Component.GetStatusAsync()).LastReconciliation;
        Assert.Equal((result.StartedAt, result.Listed, result.Restored), (recorded?.StartedAt, recorded?.Listed, recorded?.Restored));
    }

    [Fact]
    public async Task Listing_pages_by_appid_with_a_status_filter_and_never_activates_an_authorizer()
    {
        await cluster.StartComponentAsync();
        foreach (var n in new[] { 4, 5, 6 })
        {
            await cluster.AuthorizeAsync(Accounts.Account(n));
        }

        await cluster.Component.RevokeAuthorizationAsync(Accounts.Account(5), cluster.Time.GetUtcNow());
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var activeBefore = await ActiveAuthorizersAsync();
        var directory = cluster.Grains.GetGrain<IAuthorizerDirectoryGrain>(Accounts.ComponentAppId);

        var first = await directory.ListAsync(new AuthorizerQuery(Accounts.Account(3), 2, null));
        var next = await directory.ListAsync(new AuthorizerQuery(first.Items[^1].AuthorizerAppId, 2, null));
        var unauthorized = await directory.ListAsync(new AuthorizerQuery(null, 10, AuthorizerStatus.Unauthorized));

        Assert.Equal([Accounts.Account(4), Accounts.Account(5)], first.Items.Select(i => i.AuthorizerAppId));
        Assert.True(first.HasMore);
        Assert.Equal(Accounts.Account(6), next.Items[0].AuthorizerAppId);
        Assert.Contains(unauthorized.Items, i => i.AuthorizerAppId == Accounts.Account(5));
        Assert.DoesNotContain(unauthorized.Items, i => i.Status != AuthorizerStatus.Unauthorized);
        Assert.Equal(activeBefore, await ActiveAuthorizersAsync());
    }

    [Fact]
    public async Task Every_page_of_a_walk_reports_the_total_as_it_is_now()
    {
        await cluster.StartComponentAsync();
        await cluster.AuthorizeAsync(Accounts.Account(21));
        var directory = cluster.Grains.GetGrain<IAuthorizerDirectoryGrain>(Accounts.ComponentAppId);
        var first = await directory.ListAsync(new AuthorizerQuery(null, 1, null));
        var firstAuthorized = await directory.ListAsync(new AuthorizerQuery(null, 1, AuthorizerStatus.Authorized));

        await cluster.AuthorizeAsync(Accounts.Account(22));
        var second = await directory.ListAsync(new AuthorizerQuery(first.Items[^1].AuthorizerAppId, 1, null));
        var secondAuthorized = await directory.ListAsync(new AuthorizerQuery(firstAuthorized.Items[^1].AuthorizerAppId, 1, AuthorizerStatus.Authorized));

        Assert.Equal(first.Total + 1, second.Total);
        Assert.Equal(firstAuthorized.Total + 1, secondAuthorized.Total);
        Assert.Equal((await cluster.ListAuthorizersAsync()).Count, second.Total);
    }

    private async Task<int> ActiveAuthorizersAsync()
    {
        var stats = await cluster.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return stats.Where(s => s.GrainType.Contains("AuthorizerGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    private async Task<AuthorizerEntry> RowAsync(string account)
    {
        var page = await cluster.Index.ListAsync(Accounts.ComponentAppId, new AuthorizerQuery(null, AuthorizerQuery.MaxLimit, null));
        return page.Items.Single(e => e.AuthorizerAppId == account);
    }

    private int UnauthorizedPushesAnswered() => cluster.WeChat.Journal.Pushes().Count(p => p.Kind == "unauthorized" && p.StatusCode == 200);
}
