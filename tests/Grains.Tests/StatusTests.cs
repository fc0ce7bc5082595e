using Grains.Authorizer;
using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

public sealed class StatusTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task Authorized_then_unauthorized_by_the_event_then_authorized_again()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(9);
        await cluster.ApproveAsync(account, pushEvent: true);
        await WaitForStatusAsync(account, AuthorizerStatus.Authorized);

        await cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{account}/revoke");
        await WaitForStatusAsync(account, AuthorizerStatus.Unauthorized);
        var error = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());
        var listed = (await cluster.ListAuthorizersAsync()).Single(a => a.AuthorizerAppId == account);

        await cluster.ApproveAsync(account, pushEvent: true);
        await WaitForStatusAsync(account, AuthorizerStatus.Authorized);

        Assert.Equal(PlatformProblem.Unauthorized, error.Problem);
        Assert.Equal(AuthorizerStatus.Unauthorized, listed.Status);
        Assert.Null(listed.TokenExpiresAt);
        Assert.NotNull(await cluster.Authorizer(account).GetTokenAsync());
    }

    [Fact]
    public async Task Updateauthorized_replaces_the_cached_token_and_the_rotated_refresh_token_at_once()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(10);
        await cluster.AuthorizeAsync(account);
        var before = await cluster.Authorizer(account).GetTokenAsync();
        var oldRefreshToken = PersistedRefreshToken(account);

        var code = await cluster.ApproveAsync(account, pushEvent: false);
        await cluster.Component.CompleteAuthorizationAsync(code);
        var after = await cluster.Authorizer(account).GetTokenAsync();

        Assert.NotEqual(before.Value, after.Value);
        Assert.NotEqual(oldRefreshToken, PersistedRefreshToken(account));
    }

    [Fact]
    public async Task A_refresh_token_rotated_by_WeChat_is_persisted_with_the_access_token()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(11);
        await cluster.AuthorizeAsync(account);
        var original = PersistedRefreshToken(account);
        await cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{account}/refresh-token/rotate");

        cluster.Time.Advance(TimeSpan.FromHours(2));
        var token = await cluster.Authorizer(account).GetTokenAsync();
        var rotated = PersistedRefreshToken(account);
        var storedAccessToken = PersistedState(account)!.AccessToken;

        // The old refresh token dies after WeChat's grace period; the next lifetime works with the stored one.
        cluster.Time.Advance(TimeSpan.FromHours(2));
        var next = await cluster.Authorizer(account).GetTokenAsync();

        Assert.NotEqual(original, rotated);
        Assert.Equal(token.Value, storedAccessToken);
        Assert.NotEqual(token.Value, next.Value);
    }

    [Fact]
    public async Task Refresh_tokens_are_restored_from_WeChats_authorizer_list_after_the_store_lost_them()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(12);
        await cluster.AuthorizeAsync(account);
        var refreshToken = PersistedRefreshToken(account);

        // Simulate a damaged store: the authorizer's row is gone.
        cluster.Store.Remove(SharedGrainStore.Key("authorizer", cluster.Authorizer(account).GetGrainId()));
        await Cluster().Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var lost = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());

        var restored = await cluster.Component.RestoreRefreshTokensAsync();
        var token = await cluster.Authorizer(account).GetTokenAsync();

        Assert.Equal(PlatformProblem.UnknownAuthorizer, lost.Problem);
        Assert.True(restored.Restored >= 1);
        Assert.Equal(refreshToken, PersistedRefreshToken(account));
        Assert.NotNull(token);
        Assert.True(cluster.Calls(ComponentApis.GetAuthorizerList) >= 1);
    }

    private Orleans.TestingHost.InProcessTestCluster Cluster() => cluster.Cluster;

    private AuthorizerState? PersistedState(string account) => cluster.Peek<AuthorizerState>("authorizer", cluster.Authorizer(account));

    private string? PersistedRefreshToken(string account) => PersistedState(account)?.RefreshToken;

    private Task WaitForStatusAsync(string account, AuthorizerStatus status) =>
        Eventually.Until(async () => (await cluster.Authorizer(account).GetSummaryAsync()).Status == status && PersistedState(account)?.Known == true,
            what: $"{account} reaches {status}");
}
