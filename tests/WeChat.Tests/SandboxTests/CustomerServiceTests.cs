using System.Text.Json;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>message/custom/send as WeChat refuses it: outside the 48-hour window, to another account's openid, without text, with a non-string content.</summary>
public class CustomerServiceTests
{
    [Fact]
    public async Task A_message_reaches_a_user_who_wrote_within_48_hours_and_no_later_with_a_token_made_to_outlive_the_window()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.AuthorizerTokenLifetime = TimeSpan.FromDays(3));
        var token = await AuthorizerTokenAsync(scenario);
        scenario.World.UserWrote(TestComponent.OfficialAccount, "o-writer");

        scenario.Time.Advance(TimeSpan.FromHours(47));
        var fresh = await SendAsync(scenario, token, new { touser = "o-writer", msgtype = "text", text = new { content = "hi" } });
        scenario.Time.Advance(TimeSpan.FromHours(1));
        var late = await SendAsync(scenario, token, new { touser = "o-writer", msgtype = "text", text = new { content = "hi again" } });

        Assert.Equal((0, 45015), (fresh, late));
    }

    [Fact]
    public async Task An_openid_of_another_account_is_invalid()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var token = await AuthorizerTokenAsync(scenario);
        scenario.World.UserWrote(TestComponent.MiniProgram, "o-of-the-mini-program");

        Assert.Equal(40003, await SendAsync(scenario, token, new { touser = "o-of-the-mini-program", msgtype = "text", text = new { content = "hi" } }));
    }

    [Fact]
    public async Task A_text_message_without_text_is_empty_content_and_a_non_string_content_is_a_format_error()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var token = await AuthorizerTokenAsync(scenario);
        scenario.World.UserWrote(TestComponent.OfficialAccount, "o-writer");

        var missing = await SendAsync(scenario, token, new { touser = "o-writer", msgtype = "text" });
        var number = await SendAsync(scenario, token, new { touser = "o-writer", msgtype = "text", text = new { content = 42 } });
        var nested = await SendAsync(scenario, token, new { touser = "o-writer", msgtype = "text", text = new { content = new { a = 1 } } });

        Assert.Equal((44004, WeChatErrorCodes.DataFormatError, WeChatErrorCodes.DataFormatError), (missing, number, nested));
    }

    private static async Task<string> AuthorizerTokenAsync(SandboxScenario scenario)
    {
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        return (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;
    }

    private static async Task<int> SendAsync(SandboxScenario scenario, string token, object body)
    {
        using var response = await scenario.Http.PostAsJsonAsync($"{scenario.Sandbox.BaseUrl}/{ComponentApis.CustomSend}?access_token={token}", body);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32();
    }
}
