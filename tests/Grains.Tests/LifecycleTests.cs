using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

public sealed class LifecycleTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task Tokens_live_their_whole_life_refreshed_by_reminders_exactly_once_per_lifetime()
    {
        var componentToken = await cluster.StartComponentAsync();
        var account = Accounts.Account(0);
        var summary = await cluster.AuthorizeAsync(account);
        var first = await cluster.Authorizer(account).GetTokenAsync();

        Assert.Equal(AuthorizerStatus.Authorized, summary.Status);
        Assert.Equal("Account 0", summary.Profile?.NickName);
        Assert.Equal(1, cluster.Calls(ComponentApis.QueryAuth));
        Assert.Equal(0, cluster.Calls(ComponentApis.AuthorizerToken));

        // Three token lifetimes: every token is replaced by a reminder before it expires, once.
        var seen = new HashSet<string> { first.Value };
        for (var minute = 0; minute < 3 * 120; minute += 5)
        {
            await cluster.AdvanceAsync(TimeSpan.FromMinutes(5));
            var token = await cluster.Authorizer(account).GetTokenAsync();
            Assert.True(token.ExpiresAt - cluster.Time.GetUtcNow() >= TimeSpan.FromSeconds(60));
            seen.Add(token.Value);
        }

        Assert.InRange(cluster.Calls(ComponentApis.AuthorizerToken), 3, 3);
        Assert.InRange(cluster.Calls(ComponentApis.ComponentToken), 4, 4);
        Assert.Equal(4, seen.Count);
        Assert.NotEqual(componentToken.Value, (await cluster.Component.GetTokenAsync()).Value);
    }
}
