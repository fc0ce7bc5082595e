using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>
/// The overlap after a refresh is per token kind: only the component token's 5 minutes are documented, so a
/// superseded authorizer token, jsapi_ticket or card ticket dies at once unless a test asks for a grace period.
/// </summary>
public class GracePeriodTests
{
    [Fact]
    public async Task A_superseded_authorizer_token_is_not_latest_at_once()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;

        var fresh = await client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, auth.AuthorizerRefreshToken!);
        var old = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetTicketAsync(auth.AuthorizerAccessToken!, AccountTicketType.JsApi));
        var current = await client.GetTicketAsync(fresh.AuthorizerAccessToken, AccountTicketType.JsApi);

        Assert.Equal(WeChatErrorCodes.InvalidCredential, old.ErrorCode);
        Assert.NotEmpty(current.Ticket);
    }

    [Fact]
    public async Task Superseded_tickets_are_dead_at_once()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var authorizerToken = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;

        var jsApi = await client.GetTicketAsync(authorizerToken, AccountTicketType.JsApi);
        var card = await client.GetTicketAsync(authorizerToken, AccountTicketType.WxCard);
        await client.GetTicketAsync(authorizerToken, AccountTicketType.JsApi);
        await client.GetTicketAsync(authorizerToken, AccountTicketType.WxCard);

        Assert.Equal((WeChatErrorCodes.InvalidCredential, WeChatErrorCodes.InvalidCredential),
            (scenario.World.Tokens.Check(jsApi.Ticket, Sandbox.State.TokenKind.JsApiTicket).ErrorCode,
             scenario.World.Tokens.Check(card.Ticket, Sandbox.State.TokenKind.CardTicket).ErrorCode));
    }

    [Fact]
    public async Task A_test_that_asks_for_an_authorizer_token_grace_period_gets_it()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.AuthorizerTokenGracePeriod = TimeSpan.FromMinutes(2));
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;

        await client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, auth.AuthorizerRefreshToken!);
        await client.GetTicketAsync(auth.AuthorizerAccessToken!, AccountTicketType.JsApi);
        scenario.Time.Advance(TimeSpan.FromMinutes(2));
        var late = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetTicketAsync(auth.AuthorizerAccessToken!, AccountTicketType.JsApi));

        Assert.Equal(WeChatErrorCodes.InvalidCredential, late.ErrorCode);
    }
}
