using System.Text.Json;
using Sandbox.State;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>cgi-bin/ticket/getticket by type: the wx_card api_ticket lives beside the jsapi_ticket, each on its own.</summary>
public class AccountTicketTests
{
    [Fact]
    public async Task A_card_ticket_is_separate_from_the_jsapi_ticket()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var authorizerToken = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;

        var jsApi = await client.GetTicketAsync(authorizerToken, AccountTicketType.JsApi);
        var card = await client.GetTicketAsync(authorizerToken, AccountTicketType.WxCard);
        var newerCard = await client.GetTicketAsync(authorizerToken, AccountTicketType.WxCard);
        var jsApiSupersededByTheCards = scenario.World.Tokens.Find(jsApi.Ticket)!.Superseded;
        var secondJsApi = await client.GetTicketAsync(authorizerToken, AccountTicketType.JsApi);

        Assert.Equal((7200, 7200), (jsApi.ExpiresIn, card.ExpiresIn));
        Assert.NotEqual(jsApi.Ticket, card.Ticket);
        Assert.NotEqual(card.Ticket, newerCard.Ticket);
        Assert.Equal(TokenKind.CardTicket, scenario.World.Tokens.Find(card.Ticket)!.Kind);
        Assert.True(scenario.World.Tokens.Find(card.Ticket)!.Superseded);
        Assert.False(jsApiSupersededByTheCards);
        Assert.NotEqual(jsApi.Ticket, secondJsApi.Ticket);
        Assert.Equal(secondJsApi.Ticket, scenario.World.Tokens.Current(TokenKind.JsApiTicket, TestComponent.AppId, TestComponent.OfficialAccount)!.Value);
        Assert.Equal(newerCard.Ticket, scenario.World.Tokens.Current(TokenKind.CardTicket, TestComponent.AppId, TestComponent.OfficialAccount)!.Value);
    }

    [Fact]
    public async Task A_card_ticket_needs_an_authorizer_token_and_a_known_type()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.CardTicketLifetime = TimeSpan.FromMinutes(30));
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var authorizerToken = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;

        var card = await client.GetTicketAsync(authorizerToken, AccountTicketType.WxCard);
        var withComponentToken = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetTicketAsync(token, AccountTicketType.WxCard));
        var unknownType = await scenario.Http.GetFromJsonAsync<JsonElement>($"{scenario.Sandbox.BaseUrl}/{ComponentApis.GetTicket}?access_token={authorizerToken}&type=wx_coupon");

        Assert.Equal(1800, card.ExpiresIn);
        Assert.Equal(WeChatErrorKind.TokenRejected, withComponentToken.Kind);
        Assert.Equal(WeChatErrorCodes.DataFormatError, unknownType.GetProperty("errcode").GetInt32());
    }
}
