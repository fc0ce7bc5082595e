using Grains.Tests.Support;
using Sandbox.State;
using WeChat.Api;

namespace Grains.Tests;

/// <summary>Each class of WeChat failure, as the grains meet it through the sandbox.</summary>
public sealed class FailureTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task While_WeChat_is_down_the_valid_token_is_served_and_a_typed_error_follows_once_none_is_valid()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(5);
        await cluster.AuthorizeAsync(account);
        var current = await cluster.Authorizer(account).GetTokenAsync();
        cluster.WeChat.Faults.Add(new Fault(FaultKind.SystemError, 1000, ComponentApis.AuthorizerToken));
        try
        {
            // Inside the refresh window the refresh fails, yet callers keep the still-valid token.
            cluster.Time.Advance(TimeSpan.FromMinutes(110));
            var served = await cluster.Authorizer(account).RefreshIfCurrentAsync("some-other-token");
            Assert.Equal(current, served);

            cluster.Time.Advance(TimeSpan.FromMinutes(10));
            var error = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());
            Assert.Equal(PlatformProblem.WeChatUnavailable, error.Problem);
            Assert.NotNull(error.RetryAfter);
        }
        finally
        {
            cluster.WeChat.Faults.Clear();
        }

        var recovered = await cluster.Authorizer(account).GetTokenAsync();
        Assert.NotEqual(current.Value, recovered.Value);
    }

    [Fact]
    public async Task A_component_token_WeChat_rejects_is_refreshed_and_the_call_retried_once()
    {
        var componentToken = await cluster.StartComponentAsync();
        var account = Accounts.Account(6);
        await cluster.AuthorizeAsync(account);
        await cluster.ControlAsync("tokens/invalidate", new { token = componentToken.Value });
        var stale = await cluster.Authorizer(account).GetTokenAsync();
        await cluster.ControlAsync("tokens/invalidate", new { token = stale.Value });

        var fresh = await cluster.Authorizer(account).RefreshIfCurrentAsync(stale.Value);

        Assert.NotEqual(stale.Value, fresh.Value);
        Assert.NotEqual(componentToken.Value, (await cluster.Component.GetTokenAsync()).Value);
        Assert.Contains(cluster.WeChat.Calls.All(ComponentApis.AuthorizerToken), c => c.ErrorCode == WeChatErrorCodes.InvalidCredential);
    }

    [Fact]
    public async Task A_refused_refresh_token_requires_reauthorization_and_stops_refreshing()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(7);
        await cluster.AuthorizeAsync(account);
        await cluster.ControlAsync($"components/{Accounts.ComponentAppId}/authorizations/{account}/refresh-token/invalidate");

        cluster.Time.Advance(TimeSpan.FromHours(2));
        var error = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());
        var calls = cluster.Calls(ComponentApis.AuthorizerToken, account);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5));
        var again = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());

        Assert.Equal(PlatformProblem.ReauthorizationRequired, error.Problem);
        Assert.Equal(PlatformProblem.ReauthorizationRequired, again.Problem);
        Assert.Equal(calls, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.Equal(AuthorizerStatus.ReauthorizationRequired, (await cluster.Authorizer(account).GetSummaryAsync()).Status);

        // Authorizing again brings it back.
        var summary = await cluster.AuthorizeAsync(account);
        Assert.Equal(AuthorizerStatus.Authorized, summary.Status);
        Assert.NotNull(await cluster.Authorizer(account).GetTokenAsync());
    }

    [Fact]
    public async Task An_expired_ticket_makes_the_component_ask_for_a_push_and_carry_on()
    {
        await cluster.StartComponentAsync();
        await cluster.ControlAsync($"components/{Accounts.ComponentAppId}/tickets/expire");
        var pushRequests = cluster.Calls(ComponentApis.StartPushTicket);

        cluster.Time.Advance(TimeSpan.FromHours(2));
        var token = await cluster.Component.GetTokenAsync();

        Assert.True(token.ExpiresAt > cluster.Time.GetUtcNow().AddHours(1));
        Assert.Contains(cluster.WeChat.Calls.All(ComponentApis.ComponentToken), c => c.ErrorCode == WeChatErrorCodes.TicketExpired);
        Assert.True(cluster.Calls(ComponentApis.StartPushTicket) > pushRequests);
    }

    [Fact]
    public async Task A_server_off_the_ip_whitelist_gets_a_clear_error()
    {
        await cluster.StartComponentAsync();
        var component = cluster.WeChat.Options.FindComponent(Accounts.ComponentAppId)!;
        var whitelist = component.AllowedClientIps;
        component.AllowedClientIps = ["203.0.113.9"];
        try
        {
            cluster.Time.Advance(TimeSpan.FromHours(2));
            var error = await Assert.ThrowsAsync<PlatformException>(() => cluster.Component.GetTokenAsync());

            Assert.Equal(PlatformProblem.IpNotWhitelisted, error.Problem);
            Assert.Contains("whitelist", error.Message);
        }
        finally
        {
            component.AllowedClientIps = whitelist;
        }

        Assert.NotNull(await cluster.Component.GetTokenAsync());
    }

    [Fact]
    public async Task An_exhausted_quota_backs_off_without_hammering_WeChat()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(8);
        await cluster.AuthorizeAsync(account);

        // api_authorizer_token's quota is the account's, as at WeChat; cleared afterwards all the same.
        try
        {
            // The sandbox's quota, like WeChat's, resets at midnight Beijing time: the two hours below stay in one day.
            var beijing = cluster.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
            if (beijing.Hour >= 21)
            {
                await cluster.AdvanceAsync(beijing.Date.AddDays(1).AddHours(1) - beijing.DateTime);
            }

            await cluster.ControlAsync("quota/exhaust", new { appid = account, api = ComponentApis.AuthorizerToken });
            cluster.Time.Advance(TimeSpan.FromHours(2));
            var first = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());
            var calls = cluster.Calls(ComponentApis.AuthorizerToken, account);
            for (var i = 0; i < 20; i++)
            {
                await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTokenAsync());
            }

            var summary = await cluster.Authorizer(account).GetSummaryAsync();
            Assert.Equal(PlatformProblem.QuotaExhausted, first.Problem);
            Assert.Equal(calls, cluster.Calls(ComponentApis.AuthorizerToken, account));
            Assert.NotNull(summary.QuotaBackoffUntil);
            Assert.Contains("Quota", summary.LastProblem);
        }
        finally
        {
            cluster.WeChat.Quotas.TryClear(account);
        }
    }
}
