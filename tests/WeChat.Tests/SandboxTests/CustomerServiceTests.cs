using System.Net.Http.Json;
using Sandbox.Endpoints;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>cgi-bin/message/custom/send: only to the account's own users, within 48 hours of their last message.</summary>
public class CustomerServiceTests
{
    [Fact]
    public async Task A_user_who_wrote_gets_the_message_within_48_hours_and_not_after()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (_, info) = await scenario.AuthorizedAsync();
        using var push = await scenario.Http.PostAsJsonAsync(
            $"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations/{TestComponent.OfficialAccount}/messages",
            new { open_id = "o-writer", text = "hello" });

        var inTime = await Send(scenario, info.AuthorizerToken(), new { touser = "o-writer", msgtype = "text", text = new { content = "thanks" } });
        scenario.Time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));
        var client = scenario.Client();
        var fresh = await client.RefreshAuthorizerTokenAsync(await scenario.ComponentTokenAsync(client), TestComponent.AppId,
            TestComponent.OfficialAccount, info.GetProperty("authorizer_refresh_token").GetString()!);
        var late = await Send(scenario, fresh.AuthorizerAccessToken, new { touser = "o-writer", msgtype = "text", text = new { content = "still there?" } });

        Assert.Equal(0, inTime.ErrCode());
        Assert.Equal(SandboxErrorCodes.OutOfResponseWindow, late.ErrCode());
    }

    [Fact]
    public async Task An_openid_that_never_wrote_to_this_account_is_40003()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (_, info) = await scenario.AuthorizedAsync();
        await scenario.UserWritesAsync("o-of-another-account", TestComponent.SubscriptionAccount);

        var stranger = await Send(scenario, info.AuthorizerToken(), new { touser = "o-nobody", msgtype = "text", text = new { content = "hi" } });
        var foreign = await Send(scenario, info.AuthorizerToken(), new { touser = "o-of-another-account", msgtype = "text", text = new { content = "hi" } });

        Assert.Equal(SandboxErrorCodes.InvalidOpenId, stranger.ErrCode());
        Assert.Equal(SandboxErrorCodes.InvalidOpenId, foreign.ErrCode());
    }

    [Fact]
    public async Task Missing_or_malformed_text_gets_WeChat_codes_never_an_http_500()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (_, info) = await scenario.AuthorizedAsync();
        await scenario.UserWritesAsync("o-user");
        var token = info.AuthorizerToken();

        var noText = await Send(scenario, token, new { touser = "o-user", msgtype = "text" });
        var emptyContent = await Send(scenario, token, new { touser = "o-user", msgtype = "text", text = new { content = "" } });
        var numberContent = await Send(scenario, token, new { touser = "o-user", msgtype = "text", text = new { content = 42 } });
        var textNotObject = await Send(scenario, token, new { touser = "o-user", msgtype = "text", text = "hello" });
        var unknownType = await Send(scenario, token, new { touser = "o-user", msgtype = "hologram" });
        var noUser = await Send(scenario, token, new { msgtype = "text", text = new { content = "hi" } });

        Assert.Equal(SandboxErrorCodes.EmptyTextContent, noText.ErrCode());
        Assert.Equal(SandboxErrorCodes.EmptyTextContent, emptyContent.ErrCode());
        Assert.Equal(WeChatErrorCodes.DataFormatError, numberContent.ErrCode());
        Assert.Equal(WeChatErrorCodes.DataFormatError, textNotObject.ErrCode());
        Assert.Equal(SandboxErrorCodes.InvalidMessageType, unknownType.ErrCode());
        Assert.Equal(SandboxErrorCodes.InvalidOpenId, noUser.ErrCode());
        Assert.Empty(scenario.World.Journal.CustomerServiceMessages());
    }

    private static Task<System.Text.Json.JsonElement> Send(SandboxScenario scenario, string token, object body) =>
        scenario.PostAsync(ComponentApis.CustomSend, body, token);
}
