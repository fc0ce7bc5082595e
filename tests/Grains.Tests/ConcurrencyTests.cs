using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

public sealed class ConcurrencyTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task One_hundred_callers_at_expiry_cause_exactly_one_WeChat_call_per_token()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(2);
        await cluster.AuthorizeAsync(account);
        var authorizerCalls = cluster.Calls(ComponentApis.AuthorizerToken, account);
        var componentCalls = cluster.Calls(ComponentApis.ComponentToken);

        cluster.Time.Advance(TimeSpan.FromHours(2));
        var tokens = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => cluster.Authorizer(account).GetTokenAsync()));
        var componentTokens = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => cluster.Component.GetTokenAsync()));

        Assert.Single(tokens.Select(t => t.Value).Distinct());
        Assert.Single(componentTokens.Select(t => t.Value).Distinct());
        Assert.All(tokens, t => Assert.True(t.ExpiresAt > cluster.Time.GetUtcNow().AddMinutes(100)));
        Assert.Equal(1, cluster.Calls(ComponentApis.AuthorizerToken, account) - authorizerCalls);
        Assert.Equal(1, cluster.Calls(ComponentApis.ComponentToken) - componentCalls);
    }

    [Fact]
    public async Task A_herd_reporting_the_same_rejected_token_causes_one_refresh()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(3);
        await cluster.AuthorizeAsync(account);
        var rejected = await cluster.Authorizer(account).GetTokenAsync();
        await cluster.ControlAsync("tokens/invalidate", new { token = rejected.Value });
        var before = cluster.Calls(ComponentApis.AuthorizerToken, account);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => cluster.Authorizer(account).RefreshIfCurrentAsync(rejected.Value)));
        var again = await cluster.Authorizer(account).RefreshIfCurrentAsync(rejected.Value);

        Assert.Single(answers.Select(a => a.Value).Distinct());
        Assert.NotEqual(rejected.Value, answers[0].Value);
        Assert.Equal(answers[0], again);
        Assert.Equal(1, cluster.Calls(ComponentApis.AuthorizerToken, account) - before);
    }

    [Fact]
    public async Task The_redirect_and_the_event_for_one_authorization_exchange_the_code_once()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(4);

        // The sandbox pushes the authorized event while the "redirect" hands the same code to the grain.
        var code = await cluster.ApproveAsync(account, pushEvent: true);
        var fromRedirect = await Task.WhenAll(
            cluster.Component.CompleteAuthorizationAsync(code),
            cluster.Component.CompleteAuthorizationAsync(code));
        await WaitForPushesAsync();
        var reloaded = await cluster.Component.CompleteAuthorizationAsync(code);

        Assert.All(fromRedirect, s => Assert.Equal(AuthorizerStatus.Authorized, s.Status));
        Assert.Equal(AuthorizerStatus.Authorized, reloaded.Status);
        Assert.Equal(1, cluster.Calls(ComponentApis.QueryAuth, account));
        Assert.Contains(await cluster.ListAuthorizersAsync(), a => a.AuthorizerAppId == account);
    }

    [Fact]
    public async Task The_same_authorization_code_a_hundred_times_is_exchanged_with_WeChat_once()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(5);
        var code = await cluster.ApproveAsync(account, pushEvent: false);
        var before = cluster.Calls(ComponentApis.QueryAuth);

        // Half at once (they join the exchange in flight), half after it (the code ledger knows the code).
        var together = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => cluster.Component.CompleteAuthorizationAsync(code)));
        var oneByOne = new List<AuthorizerSummary>();
        for (var i = 0; i < 50; i++)
        {
            oneByOne.Add(await cluster.Component.CompleteAuthorizationAsync(code));
        }

        Assert.All(together.Concat(oneByOne), s => Assert.Equal((account, AuthorizerStatus.Authorized), (s.AuthorizerAppId, s.Status)));
        Assert.Equal(before + 1, cluster.Calls(ComponentApis.QueryAuth));
        Assert.Single(cluster.WeChat.Calls.All(ComponentApis.QueryAuth), c => c.AuthorizerAppId == account);
    }

    private Task WaitForPushesAsync() =>
        Eventually.Until(() => cluster.WeChat.Journal.Pushes().Any(p => p.Kind == "authorized" && p.Outcome == "delivered"));
}
