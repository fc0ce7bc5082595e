using System.Net;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>WeChat's authorization page refuses what WeChat refuses: a foreign referer or redirect_uri, and no registered domain.</summary>
public class AuthorizationPageTests
{
    [Fact]
    public async Task The_page_opened_directly_rather_than_from_the_registered_domain_is_403()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var link = await LinkAsync(scenario, $"https://{TestComponent.Domain}/cb");
        using var direct = new HttpClient();

        using var response = await direct.GetAsync(link);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_redirect_uri_off_the_registered_domain_is_refused()
    {
        await using var scenario = await SandboxScenario.StartAsync();

        using var response = await scenario.Http.GetAsync(await LinkAsync(scenario, "https://elsewhere.example/cb"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("elsewhere.example", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_platform_that_registered_no_initiating_domain_cannot_open_the_page()
    {
        await using var scenario = await SandboxScenario.StartAsync((_, c) => c.InitiatingPageDomain = null);

        using var response = await scenario.Http.GetAsync(await LinkAsync(scenario, $"https://{TestComponent.Domain}/cb"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_can_untick_permission_sets_and_only_the_ticked_ones_are_granted()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var page = await scenario.Http.GetStringAsync(await LinkAsync(scenario, $"https://{TestComponent.Domain}/cb"));
        var fields = AuthorizationRoundTripTests.FormFields(page, keepTicked: id => id is 1 or 2)
            .Append(new("authorizer_appid", TestComponent.OfficialAccount));

        using var approval = await scenario.Http.PostAsync(scenario.Sandbox.BaseUrl + "/sandbox/authorize", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, approval.StatusCode);
        Assert.Contains("消息管理权限", page);
        Assert.Equal([1, 2], scenario.World.Authorizations.Find(TestComponent.AppId, TestComponent.OfficialAccount)!.PermissionSets);
    }

    private static async Task<string> LinkAsync(SandboxScenario scenario, string redirectUri)
    {
        var client = scenario.Client();
        var code = await client.CreatePreAuthCodeAsync(await scenario.ComponentTokenAsync(client), TestComponent.AppId);
        return AuthorizationLinks.ForPc(scenario.Sandbox.BaseUrl, new AuthorizationRequest(TestComponent.AppId, code.PreAuthCode, redirectUri));
    }
}
