using Grains.Authorizer;
using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>
/// A refresh is claimed in storage before WeChat is asked. Two activations of one account (briefly possible after a
/// silo fails) never both ask; a claim whose token never arrived (its silo died between WeChat's answer and the write)
/// makes the token held suspect once the claim lapses, and it is replaced then, once.
/// </summary>
public sealed class RefreshClaimTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    private static readonly TimeSpan ClaimLifetime = new TokenLifecycleOptions().RefreshClaimLifetime;

    [Fact]
    public async Task A_refresh_another_activation_claimed_is_not_begun_again_and_is_replaced_once_when_the_claim_lapses_unsettled()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(2);
        await cluster.AuthorizeAsync(account);
        var held = await cluster.Authorizer(account).GetTokenAsync();
        var calls = cluster.Calls(ComponentApis.AuthorizerToken, account);

        ClaimElsewhere(account);
        var refused = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).RefreshIfCurrentAsync(held.Value));

        Assert.Equal(PlatformProblem.WeChatUnavailable, refused.Problem);
        Assert.Equal(held.Value, (await cluster.Authorizer(account).GetTokenAsync()).Value);
        Assert.Equal(calls, cluster.Calls(ComponentApis.AuthorizerToken, account));

        await cluster.AdvanceAsync(ClaimLifetime + TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));

        Assert.Equal(calls + 1, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.NotEqual(held.Value, (await cluster.Authorizer(account).GetTokenAsync()).Value);
        Assert.Null(Stored(account).RefreshClaim);
    }

    [Fact]
    public async Task A_refresh_whose_answer_was_lost_with_its_silo_is_repeated_by_the_next_activation_when_its_claim_lapses()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(3);
        await cluster.AuthorizeAsync(account);
        var held = await cluster.Authorizer(account).GetTokenAsync();
        var calls = cluster.Calls(ComponentApis.AuthorizerToken, account);

        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        ClaimElsewhere(account);
        var claimedAt = cluster.Time.GetUtcNow();
        var served = await cluster.Authorizer(account).GetTokenAsync();
        await cluster.AdvanceAsync(ClaimLifetime + TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));

        Assert.Equal(held.Value, served.Value);
        Assert.Equal(claimedAt + ClaimLifetime, served.CurrentUntil);
        Assert.Equal(calls + 1, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.NotEqual(held.Value, (await cluster.Authorizer(account).GetTokenAsync()).Value);
    }

    [Fact]
    public async Task A_claim_that_settled_leaves_the_refresh_schedule_as_it_was()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(4);
        await cluster.AuthorizeAsync(account);
        var calls = cluster.Calls(ComponentApis.AuthorizerToken, account);

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(111), TimeSpan.FromMinutes(3));
        var afterRefresh = cluster.Calls(ComponentApis.AuthorizerToken, account);
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var token = await cluster.Authorizer(account).GetTokenAsync();
        await cluster.AdvanceAsync(ClaimLifetime + TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));

        Assert.Equal(calls + 1, afterRefresh);
        Assert.Null(Stored(account).RefreshClaim);
        Assert.Equal(afterRefresh, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.Equal(token.Value, (await cluster.Authorizer(account).GetTokenAsync()).Value);
    }

    [Fact]
    public async Task An_activation_that_finds_a_claim_already_lapsed_unsettled_replaces_the_token_at_once()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(5);
        await cluster.AuthorizeAsync(account);
        var held = await cluster.Authorizer(account).GetTokenAsync();
        var calls = cluster.Calls(ComponentApis.AuthorizerToken, account);

        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        ClaimElsewhere(account, ago: ClaimLifetime + TimeSpan.FromMinutes(5));
        await cluster.Authorizer(account).GetTokenAsync();
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

        Assert.Equal(calls + 1, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.NotEqual(held.Value, (await cluster.Authorizer(account).GetTokenAsync()).Value);
        Assert.Null(Stored(account).RefreshClaim);
    }

    /// <summary>What another activation's claim leaves in storage: begun <paramref name="ago"/>, with no token stored since.</summary>
    private void ClaimElsewhere(string account, TimeSpan ago = default) =>
        cluster.Rewrite<AuthorizerState>("authorizer", cluster.Authorizer(account), s =>
        {
            s.RefreshClaim = Guid.NewGuid();
            s.RefreshStartedAt = cluster.Time.GetUtcNow() - ago;
        });

    private AuthorizerState Stored(string account) => cluster.Peek<AuthorizerState>("authorizer", cluster.Authorizer(account))!;
}
