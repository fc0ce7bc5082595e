using System.Text.Json;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>api_get/api_set_authorizer_option and their current names: values kept per account, 61012 / 61013 / 61003.</summary>
public class AuthorizerOptionTests
{
    [Fact]
    public async Task An_option_set_through_the_legacy_api_reads_back_through_the_current_one()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var authorizerToken = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;
        var who = new { component_appid = TestComponent.AppId, authorizer_appid = TestComponent.OfficialAccount };

        var before = await PostAsync(scenario, $"cgi-bin/component/api_get_authorizer_option?component_access_token={token}", new { who.component_appid, who.authorizer_appid, option_name = "voice_recognize" });
        var set = await PostAsync(scenario, $"cgi-bin/component/api_set_authorizer_option?component_access_token={token}", new { who.component_appid, who.authorizer_appid, option_name = "voice_recognize", option_value = "1" });
        var after = await PostAsync(scenario, $"cgi-bin/component/get_authorizer_option?access_token={authorizerToken}", new { option_name = "voice_recognize" });

        Assert.Equal("0", before.GetProperty("option_value").GetString());
        Assert.Equal(0, set.GetProperty("errcode").GetInt32());
        Assert.Equal(("voice_recognize", "1"), (after.GetProperty("option_name").GetString(), after.GetProperty("option_value").GetString()));
    }

    [Fact]
    public async Task An_unknown_option_a_value_out_of_range_and_an_account_that_did_not_authorize_are_refused()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var url = $"cgi-bin/component/api_set_authorizer_option?component_access_token={token}";

        var name = await PostAsync(scenario, url, new { component_appid = TestComponent.AppId, authorizer_appid = TestComponent.OfficialAccount, option_name = "dark_mode", option_value = "1" });
        var value = await PostAsync(scenario, url, new { component_appid = TestComponent.AppId, authorizer_appid = TestComponent.OfficialAccount, option_name = "location_report", option_value = "3" });
        var stranger = await PostAsync(scenario, url, new { component_appid = TestComponent.AppId, authorizer_appid = TestComponent.MiniProgram, option_name = "location_report", option_value = "2" });

        Assert.Equal((61012, 61013, 61003), (Code(name), Code(value), Code(stranger)));
    }

    private static int Code(JsonElement answer) => answer.GetProperty("errcode").GetInt32();

    private static async Task<JsonElement> PostAsync(SandboxScenario scenario, string pathAndQuery, object body)
    {
        using var response = await scenario.Http.PostAsJsonAsync($"{scenario.Sandbox.BaseUrl}/{pathAndQuery}", body);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
