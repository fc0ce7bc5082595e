using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

public sealed class LifecycleTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task Tokens_live_their_whole_life_refreshed_by_reminders_exactly_once_per_lifetime()
    {
        var componentToken = await cluster.StartComponentAsync();
        var componentRefreshes = cluster.Calls(ComponentApis.ComponentToken);
        var account = Accounts.Account(0);
        var summary = await cluster.AuthorizeAsync(account);
        var first = await cluster.Authorizer(account).GetTokenAsync();

        Assert.Equal(AuthorizerStatus.Authorized, summary.Status);
        Assert.Equal("Account 0", summary.Profile?.NickName);
        Assert.Equal(1, cluster.Calls(ComponentApis.QueryAuth, account));
        Assert.Equal(0, cluster.Calls(ComponentApis.AuthorizerToken, account));

        // Three token lifetimes: every token is replaced by a reminder before it expires, once.
        var seen = new HashSet<string> { first.Value };
        for (var minute = 0; minute < 3 * 120; minute += 5)
        {
            await cluster.AdvanceAsync(TimeSpan.FromMinutes(5));
            var token = await cluster.Authorizer(account).GetTokenAsync();
            Assert.True(token.ExpiresAt - cluster.Time.GetUtcNow() >= TimeSpan.FromSeconds(60));
            seen.Add(token.Value);
        }

        Assert.Equal(3, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.Equal(3, cluster.Calls(ComponentApis.ComponentToken) - componentRefreshes);
        Assert.Equal(4, seen.Count);
        Assert.NotEqual(componentToken.Value, (await cluster.Component.GetTokenAsync()).Value);
    }

    [Fact]
    public async Task An_idle_authorizer_is_refreshed_by_its_reminder_alone()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(1);
        await cluster.AuthorizeAsync(account);
        var before = cluster.Calls(ComponentApis.AuthorizerToken, account);

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(2 * 120));
        var refreshedWhileIdle = cluster.Calls(ComponentApis.AuthorizerToken, account) - before;
        var token = await cluster.Authorizer(account).GetTokenAsync();

        Assert.Equal(2, refreshedWhileIdle);
        Assert.Equal(before + 2, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.True(token.ExpiresAt - cluster.Time.GetUtcNow() > TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task A_revocation_older_than_the_latest_authorization_is_a_retried_push_and_changes_nothing()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(28);
        await cluster.AuthorizeAsync(account);
        var revokedAt = cluster.Time.GetUtcNow();
        await cluster.Authorizer(account).RevokeAsync(revokedAt);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(1));
        await cluster.AuthorizeAsync(account);

        // WeChat retries the old unauthorized push (or someone replays it to another gateway) after the new authorization.
        await cluster.Authorizer(account).RevokeAsync(revokedAt);
        Assert.Equal(AuthorizerStatus.Authorized, (await cluster.Authorizer(account).GetSummaryAsync()).Status);

        await cluster.Authorizer(account).RevokeAsync(cluster.Time.GetUtcNow());
        Assert.Equal(AuthorizerStatus.Unauthorized, (await cluster.Authorizer(account).GetSummaryAsync()).Status);
    }
}
