using System.Text.Json;
using Sandbox.CodeManagement;
using Sandbox.State;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>wxa/gettemplatelist and gettemplatedraftlist: APIs a platform calls for itself with only its component token.</summary>
public class TemplateListTests
{
    [Fact]
    public async Task The_component_token_lists_the_templates_and_the_drafts()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var token = await scenario.ComponentTokenAsync(scenario.Client());

        var templates = await GetAsync(scenario, $"{ComponentApis.TemplateList}?access_token={token}");
        var ordinary = await GetAsync(scenario, $"{ComponentApis.TemplateList}?access_token={token}&template_type=0");
        var drafts = await GetAsync(scenario, $"{ComponentApis.TemplateDraftList}?component_access_token={token}");

        Assert.Equal(0, templates.GetProperty("errcode").GetInt32());
        Assert.Equal(new[] { 1, 2 }, templates.GetProperty("template_list").EnumerateArray().Select(t => t.GetProperty("template_id").GetInt32()));
        Assert.Equal(1, templates.GetProperty("template_list")[1].GetProperty("template_type").GetInt32());
        Assert.Equal("1.0.0", ordinary.GetProperty("template_list").EnumerateArray().Single().GetProperty("user_version").GetString());
        Assert.Equal(new[] { 0, 1 }, drafts.GetProperty("draft_list").EnumerateArray().Select(d => d.GetProperty("draft_id").GetInt32()));
        Assert.Equal(TestComponent.AppId, scenario.World.Calls.All(ComponentApis.TemplateList).Last().ComponentAppId);
    }

    [Fact]
    public async Task A_deleted_templates_id_is_never_given_to_a_new_template()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var token = await scenario.ComponentTokenAsync(scenario.Client());

        Assert.Equal(0, (await PostAsync(scenario, CodeApis.DeleteTemplate, token, new { template_id = 2 })).GetProperty("errcode").GetInt32());
        Assert.Equal(0, (await PostAsync(scenario, CodeApis.AddToTemplate, token, new { draft_id = 1 })).GetProperty("errcode").GetInt32());
        var templates = await GetAsync(scenario, $"{ComponentApis.TemplateList}?access_token={token}");

        Assert.Equal(new[] { 1, 3 }, templates.GetProperty("template_list").EnumerateArray().Select(t => t.GetProperty("template_id").GetInt32()));
    }

    [Fact]
    public async Task An_authorizer_token_is_refused_as_on_every_component_api()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var authorizerToken = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;

        var answer = await GetAsync(scenario, $"{ComponentApis.TemplateList}?access_token={authorizerToken}");
        var missing = await GetAsync(scenario, ComponentApis.TemplateDraftList);

        Assert.Equal(WeChatErrorCodes.MustUseComponentToken, answer.GetProperty("errcode").GetInt32());
        Assert.False(answer.TryGetProperty("template_list", out _));
        Assert.Equal(WeChatErrorCodes.AccessTokenMissing, missing.GetProperty("errcode").GetInt32());
    }

    [Fact]
    public async Task The_ip_whitelist_the_quota_and_injected_faults_apply()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var token = await scenario.ComponentTokenAsync(scenario.Client());
        scenario.World.Faults.Add(new Fault(FaultKind.SystemError, 1, ComponentApis.TemplateList));
        var faulted = await GetAsync(scenario, $"{ComponentApis.TemplateList}?access_token={token}");
        await scenario.ControlAsync("quota/exhaust", new { appid = TestComponent.AppId, api = ComponentApis.TemplateList });
        var overQuota = await GetAsync(scenario, $"{ComponentApis.TemplateList}?access_token={token}");
        scenario.World.Options.Components[0].AllowedClientIps = ["203.0.113.7"];
        var outsider = await GetAsync(scenario, $"{ComponentApis.TemplateDraftList}?access_token={token}");

        Assert.Equal(-1, faulted.GetProperty("errcode").GetInt32());
        Assert.Equal(WeChatErrorCodes.DailyQuotaReached, overQuota.GetProperty("errcode").GetInt32());
        Assert.Equal(WeChatErrorCodes.ClientIpNotRegistered, outsider.GetProperty("errcode").GetInt32());
        Assert.Contains(" rid: ", outsider.GetProperty("errmsg").GetString());
    }

    private static async Task<JsonElement> PostAsync(SandboxScenario scenario, string api, string token, object body)
    {
        using var response = await scenario.Http.PostAsJsonAsync($"{scenario.Sandbox.BaseUrl}/{api}?access_token={token}", body);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<JsonElement> GetAsync(SandboxScenario scenario, string pathAndQuery) =>
        scenario.Http.GetFromJsonAsync<JsonElement>($"{scenario.Sandbox.BaseUrl}/{pathAndQuery}");
}
