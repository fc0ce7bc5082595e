using Sandbox;
using Sandbox.Endpoints;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>api_get_authorizer_option / api_set_authorizer_option (§3.9).</summary>
public class AuthorizerOptionTests
{
    [Fact]
    public async Task An_option_reads_back_what_was_set()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (token, _) = await scenario.AuthorizedAsync();

        var before = await Get(scenario, token, "voice_recognize");
        var set = await Set(scenario, token, "voice_recognize", "1");
        var after = await Get(scenario, token, "voice_recognize");

        Assert.Equal("0", before.GetProperty("option_value").GetString());
        Assert.Equal(0, set.ErrCode());
        Assert.Equal("1", after.GetProperty("option_value").GetString());
        Assert.Equal(TestComponent.OfficialAccount, after.GetProperty("authorizer_appid").GetString());
    }

    [Fact]
    public async Task Unknown_names_and_values_get_61012_and_61013()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (token, _) = await scenario.AuthorizedAsync();

        var name = await Get(scenario, token, "dark_mode");
        var value = await Set(scenario, token, "location_report", "3");

        Assert.Equal(SandboxErrorCodes.InvalidOptionName, name.ErrCode());
        Assert.Equal(SandboxErrorCodes.InvalidOptionValue, value.ErrCode());
    }

    [Fact]
    public async Task An_account_that_has_not_authorized_the_platform_gets_61003()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var token = await scenario.ComponentTokenAsync(scenario.Client());

        var answer = await Get(scenario, token, "customer_service", TestComponent.MiniProgram);

        Assert.Equal(WeChatErrorCodes.ComponentNotAuthorized, answer.ErrCode());
    }

    private static Task<System.Text.Json.JsonElement> Get(SandboxScenario scenario, string token, string name, string account = TestComponent.OfficialAccount) =>
        scenario.PostAsync(SandboxApis.GetAuthorizerOption,
            new { component_appid = TestComponent.AppId, authorizer_appid = account, option_name = name }, token, "component_access_token");

    private static Task<System.Text.Json.JsonElement> Set(SandboxScenario scenario, string token, string name, string value) =>
        scenario.PostAsync(SandboxApis.SetAuthorizerOption,
            new { component_appid = TestComponent.AppId, authorizer_appid = TestComponent.OfficialAccount, option_name = name, option_value = value }, token, "component_access_token");
}
