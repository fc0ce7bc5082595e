using Sandbox;
using Sandbox.State;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>The defaults are WeChat's: no overlap for superseded authorizer tokens and tickets, the whitelist on, quotas set.</summary>
public class StrictDefaultsTests
{
    [Fact]
    public async Task A_superseded_authorizer_token_is_refused_at_once()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var (token, info) = await scenario.AuthorizedAsync();
        var old = info.AuthorizerToken();
        await scenario.UserWritesAsync("o-user");

        var refreshed = await client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, info.GetProperty("authorizer_refresh_token").GetString()!);
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.SendCustomTextMessageAsync(old, "o-user", "hi"));
        await client.SendCustomTextMessageAsync(refreshed.AuthorizerAccessToken, "o-user", "hi");

        Assert.Equal(WeChatErrorCodes.InvalidCredential, error.ErrorCode);
    }

    [Fact]
    public async Task A_superseded_jsapi_ticket_is_dead_at_once()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var (_, info) = await scenario.AuthorizedAsync();

        var first = await client.GetJsApiTicketAsync(info.AuthorizerToken());
        await client.GetJsApiTicketAsync(info.AuthorizerToken());

        Assert.Equal(WeChatErrorCodes.InvalidCredential, scenario.World.Tokens.Check(first.Ticket, TokenKind.JsApiTicket).ErrorCode);
    }

    [Fact]
    public async Task Grace_periods_default_to_five_minutes_for_component_and_refresh_tokens_and_none_otherwise()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var options = scenario.World.Options;

        Assert.Equal(TimeSpan.FromMinutes(5), options.ComponentTokenGracePeriod);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RefreshTokenGracePeriod);
        Assert.Equal(TimeSpan.Zero, options.AuthorizerTokenGracePeriod);
        Assert.Equal(TimeSpan.Zero, options.TicketGracePeriod);
    }

    [Fact]
    public async Task A_platform_that_whitelisted_no_ip_refuses_every_caller()
    {
        await using var scenario = await SandboxScenario.StartAsync((_, c) => c.AllowedClientIps.Clear());
        var client = scenario.Client();

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.StartPushTicketAsync(TestComponent.AppId, TestComponent.AppSecret));

        Assert.Equal(WeChatErrorCodes.ClientIpNotRegistered, error.ErrorCode);
    }

    [Fact]
    public async Task The_whitelist_also_guards_the_calls_made_with_an_authorizer_token()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (_, info) = await scenario.AuthorizedAsync();
        scenario.World.Options.FindComponent(TestComponent.AppId)!.AllowedClientIps[0] = "203.0.113.7";

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => scenario.Client().GetJsApiTicketAsync(info.AuthorizerToken()));

        Assert.Equal(WeChatErrorCodes.ClientIpNotRegistered, error.ErrorCode);
    }

    [Fact]
    public async Task Daily_quotas_are_set_for_every_api_by_default()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var quotas = scenario.World.Quotas;

        Assert.Equal(10_000, quotas.DailyLimit(ComponentApis.ComponentToken));
        Assert.Equal(2_000, quotas.DailyLimit(ComponentApis.AuthorizerToken));
        Assert.Equal(2_000, quotas.DailyLimit(ComponentApis.GetTicket));
        Assert.Equal(500_000, quotas.DailyLimit(ComponentApis.CustomSend));
        Assert.Equal(DailyQuota.Unlisted, quotas.DailyLimit("cgi-bin/some/other/api"));
    }

    [Fact]
    public async Task A_quota_belongs_to_one_account_and_comes_back_at_midnight_in_Beijing()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var (token, first) = await scenario.AuthorizedAsync();
        var (_, second) = await scenario.AuthorizedAsync(TestComponent.SubscriptionAccount);
        scenario.World.Quotas.Exhaust(TestComponent.OfficialAccount, ComponentApis.AuthorizerToken);

        var refused = await Assert.ThrowsAsync<WeChatApiException>(() => Refresh(client, token, TestComponent.OfficialAccount, first));
        await Refresh(client, token, TestComponent.SubscriptionAccount, second);
        var now = scenario.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
        scenario.Time.Advance(now.Date.AddDays(1) - now.DateTime);
        await Refresh(client, await scenario.ComponentTokenAsync(client), TestComponent.OfficialAccount, first);

        Assert.Equal(WeChatErrorCodes.DailyQuotaReached, refused.ErrorCode);
    }

    [Fact]
    public async Task A_configured_quota_runs_out_after_its_calls()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.DailyQuotas[ComponentApis.GetAuthorizerList] = 1);
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);

        await client.GetAuthorizerListAsync(token, TestComponent.AppId, 0, 10);
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetAuthorizerListAsync(token, TestComponent.AppId, 0, 10));

        Assert.Equal(WeChatErrorCodes.DailyQuotaReached, error.ErrorCode);
    }

    private static Task<WeChat.Api.Wire.AuthorizerTokenResponse> Refresh(IComponentApi client, string token, string account, System.Text.Json.JsonElement info) =>
        client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, account, info.GetProperty("authorizer_refresh_token").GetString()!);
}
