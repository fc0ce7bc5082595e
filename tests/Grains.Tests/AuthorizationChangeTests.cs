using Grains.Authorizer;
using Grains.Messages;
using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>A platform whose webhook refuses every connection, so each recorded change stays in the account's outbox.</summary>
public sealed class UnreachableWebhookCluster : TokenCluster
{
    /// <summary>A reserved port nothing listens on: every connection is refused.</summary>
    private readonly int _refusingPort = ReservedPorts.Take();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("WeChat:Components:0:WebhookUrl", $"http://127.0.0.1:{_refusingPort}/webhook"),
        new("WeChat:Components:0:WebhookSecret", "whsec_Z3JhaW4tdGVzdHMtd2ViaG9vay1zZWNyZXQ="),
    ];
}

/// <summary>Where a change of an account's authorization is stored, from the write that makes it to the webhook.</summary>
public sealed class AuthorizationChangeTests(UnreachableWebhookCluster cluster) : IClassFixture<UnreachableWebhookCluster>
{
    [Fact]
    public async Task A_change_is_in_the_accounts_outbox_before_the_authorization_returns()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(20);

        await cluster.AuthorizeAsync(account);

        var pending = Assert.Single(Outbox(account)!.Pending);
        Assert.Equal(AuthorizationEvent.Authorized, pending.AuthorizationChange?.Event);
        Assert.Equal(cluster.WeChat.Options.FindComponent(Accounts.ComponentAppId)!.PermissionSets, pending.AuthorizationChange?.PermissionSets);
        Assert.Equal(pending.Key, pending.AuthorizationChange?.Id);
        Assert.Null(Authorizer(account)!.OutgoingChanges);
    }

    [Fact]
    public async Task A_refused_refresh_token_is_a_reauthorization_required_change_after_the_accounts_earlier_ones()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(21);
        await cluster.AuthorizeAsync(account);
        await cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{account}/refresh-token/invalidate");

        cluster.Time.Advance(TimeSpan.FromHours(2));
        var refused = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());

        Assert.Equal(PlatformProblem.ReauthorizationRequired, refused.Problem);
        Assert.Equal([AuthorizationEvent.Authorized, AuthorizationEvent.ReauthorizationRequired], Outbox(account)!.Pending.Select(p => p.AuthorizationChange?.Event));
    }

    [Fact]
    public async Task A_change_recorded_but_not_handed_over_when_its_silo_died_is_handed_over_when_the_grain_wakes()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(22);
        await cluster.AuthorizeAsync(account);
        var revokedAt = cluster.Time.GetUtcNow();

        // As if the silo died right after the grain's write of the revocation, before the outbox heard of it.
        cluster.Rewrite<AuthorizerState>("authorizer", cluster.Authorizer(account), s =>
        {
            s.Status = AuthorizerStatus.Unauthorized;
            s.OutgoingChanges = [new AuthorizationChange("auth_left-behind", AuthorizationEvent.Unauthorized, s.PermissionSets, revokedAt)];
        });
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var summary = await cluster.Authorizer(account).GetSummaryAsync();

        var pending = Outbox(account)!.Pending;
        Assert.Equal(AuthorizerStatus.Unauthorized, summary.Status);
        Assert.Equal([AuthorizationEvent.Authorized, AuthorizationEvent.Unauthorized], pending.Select(p => p.AuthorizationChange?.Event));
        Assert.Equal("auth_left-behind", pending[1].Key);
        Assert.Null(Authorizer(account)!.OutgoingChanges);
    }

    [Fact]
    public async Task An_account_that_left_unnoticed_meets_61003_at_its_next_refresh_becomes_unauthorized_and_costs_no_more_WeChat_calls()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(24);
        await cluster.AuthorizeAsync(account);

        // The account revokes the platform in WeChat, and the unauthorized push never reaches the platform.
        Assert.True(cluster.WeChat.Revoke(cluster.WeChat.Options.FindComponent(Accounts.ComponentAppId)!, account, pushEvent: false));
        await cluster.AdvanceAsync(TimeSpan.FromHours(2));
        var refused = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());
        var calls = WeChatCalls(account);
        await cluster.AdvanceAsync(TimeSpan.FromHours(6), TimeSpan.FromMinutes(3));

        Assert.Equal(PlatformProblem.Unauthorized, refused.Problem);
        Assert.Equal(AuthorizerStatus.Unauthorized, (await cluster.Authorizer(account).GetSummaryAsync()).Status);
        Assert.Single(cluster.WeChat.Calls.All(ComponentApis.AuthorizerToken), c => c.AuthorizerAppId == account && c.ErrorCode == WeChatErrorCodes.ComponentNotAuthorized);
        Assert.Equal([AuthorizationEvent.Authorized, AuthorizationEvent.Unauthorized], Outbox(account)!.Pending.Select(p => p.AuthorizationChange?.Event));
        Assert.Equal(calls, WeChatCalls(account));
    }

    private int WeChatCalls(string account) => cluster.WeChat.Calls.All().Count(c => c.AuthorizerAppId == account);

    private AuthorizerState? Authorizer(string account) => cluster.Peek<AuthorizerState>("authorizer", cluster.Authorizer(account));

    private OutboxState? Outbox(string account) =>
        cluster.Peek<OutboxState>("outbox", cluster.Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(Accounts.ComponentAppId, account)));
}

/// <summary>The test platform has no webhook configured.</summary>
public sealed class AuthorizationChangesWithoutWebhookTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task Without_a_webhook_no_change_of_authorization_is_stored_anywhere()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(23);
        var outbox = cluster.Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(Accounts.ComponentAppId, account));

        await cluster.AuthorizeAsync(account);
        await cluster.Component.RevokeAuthorizationAsync(account, cluster.Time.GetUtcNow());
        await cluster.AuthorizeAsync(account);
        await cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{account}/refresh-token/invalidate");
        cluster.Time.Advance(TimeSpan.FromHours(2));
        await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());

        Assert.Equal(AuthorizerStatus.ReauthorizationRequired, (await cluster.Authorizer(account).GetSummaryAsync()).Status);
        Assert.Null(cluster.Peek<AuthorizerState>("authorizer", cluster.Authorizer(account))!.OutgoingChanges);
        Assert.Null(cluster.Peek<OutboxState>("outbox", outbox));
        Assert.Equal(0, await outbox.GetPendingCountAsync());
    }
}
