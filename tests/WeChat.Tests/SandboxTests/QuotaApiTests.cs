using Sandbox;
using Sandbox.Endpoints;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>clear_quota (v1 with a token, v2 with the secret) and openapi/quota/get, with WeChat's codes.</summary>
public class QuotaApiTests
{
    [Fact]
    public async Task Clear_quota_v2_resets_an_authorized_account_but_never_the_token_fetch()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        await scenario.AuthorizedAsync();
        var quotas = scenario.World.Quotas;
        quotas.Exhaust(TestComponent.OfficialAccount, ComponentApis.AuthorizerToken);
        quotas.Exhaust(TestComponent.AppId, ComponentApis.ComponentToken);
        quotas.Exhaust(TestComponent.AppId, ComponentApis.CreatePreAuthCode);

        var account = await ClearV2(scenario, TestComponent.OfficialAccount);
        var platform = await ClearV2(scenario, null);

        Assert.Equal((0, 0), (account.ErrCode(), platform.ErrCode()));
        Assert.Equal(0, quotas.Usage(TestComponent.OfficialAccount, ComponentApis.AuthorizerToken).Used);
        Assert.Equal(0, quotas.Usage(TestComponent.AppId, ComponentApis.CreatePreAuthCode).Used);
        Assert.Equal(0, quotas.Usage(TestComponent.AppId, ComponentApis.ComponentToken).Remaining);
    }

    [Fact]
    public async Task Clear_quota_v2_refuses_an_account_that_has_not_authorized_the_platform_and_an_unknown_appid()
    {
        await using var scenario = await SandboxScenario.StartAsync();

        var notAuthorized = await ClearV2(scenario, TestComponent.MiniProgram);
        var unknown = await ClearV2(scenario, "wxnobody0000000000");
        var badSecret = await scenario.PostAsync(SandboxApis.ClearQuotaV2, new { component_appid = TestComponent.AppId, appsecret = "wrong" });

        Assert.Equal(WeChatErrorCodes.ComponentNotAuthorized, notAuthorized.ErrCode());
        Assert.Equal(WeChatErrorCodes.InvalidAppId, unknown.ErrCode());
        Assert.Equal(WeChatErrorCodes.InvalidAppSecret, badSecret.ErrCode());
    }

    [Fact]
    public async Task Ten_resets_a_month_are_shared_by_v1_and_v2_then_48006()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var token = await scenario.ComponentTokenAsync(scenario.Client());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, (await ClearV2(scenario, null)).ErrCode());
            Assert.Equal(0, (await ClearV1(scenario, token, TestComponent.AppId)).ErrCode());
        }

        var eleventh = await ClearV2(scenario, null);

        Assert.Equal(WeChatErrorCodes.ClearQuotaLimitReached, eleventh.ErrCode());
    }

    [Fact]
    public async Task Clear_quota_v1_resets_the_account_its_token_belongs_to_and_refuses_another_appid()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (token, info) = await scenario.AuthorizedAsync();
        scenario.World.Quotas.Exhaust(TestComponent.OfficialAccount, ComponentApis.GetTicket);

        var own = await ClearV1(scenario, info.AuthorizerToken(), TestComponent.OfficialAccount);
        var other = await ClearV1(scenario, info.AuthorizerToken(), TestComponent.AppId);
        var platformForAccount = await ClearV1(scenario, token, TestComponent.OfficialAccount);

        Assert.Equal(0, own.ErrCode());
        Assert.Equal(0, scenario.World.Quotas.Usage(TestComponent.OfficialAccount, ComponentApis.GetTicket).Used);
        Assert.Equal(WeChatErrorCodes.InvalidAppId, other.ErrCode());
        Assert.Equal(WeChatErrorCodes.InvalidAppId, platformForAccount.ErrCode());
    }

    [Fact]
    public async Task Quota_get_reports_limit_use_and_remainder_of_one_path()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (token, info) = await scenario.AuthorizedAsync();

        var platform = await scenario.PostAsync(SandboxApis.GetQuota, new { cgi_path = "/" + ComponentApis.ComponentToken }, token);
        var account = await scenario.PostAsync(SandboxApis.GetQuota, new { cgi_path = "/" + ComponentApis.CustomSend }, info.AuthorizerToken());
        var unknown = await scenario.PostAsync(SandboxApis.GetQuota, new { cgi_path = "/cgi-bin/nothing/here" }, token);
        var notTheirs = await scenario.PostAsync(SandboxApis.GetQuota, new { cgi_path = "/" + ComponentApis.CustomSend }, token);

        var quota = platform.GetProperty("quota");
        Assert.Equal((10_000, 1, 9_999), (quota.GetProperty("daily_limit").GetInt32(), quota.GetProperty("used").GetInt32(), quota.GetProperty("remain").GetInt32()));
        Assert.Equal(500_000, account.GetProperty("quota").GetProperty("remain").GetInt32());
        Assert.Equal(SandboxErrorCodes.CgiPathNotFound, unknown.ErrCode());
        Assert.Equal(SandboxErrorCodes.CgiPathNoPermission, notTheirs.ErrCode());
    }

    private static Task<System.Text.Json.JsonElement> ClearV2(SandboxScenario scenario, string? appId) =>
        scenario.PostAsync(SandboxApis.ClearQuotaV2, appId is null
            ? new { component_appid = TestComponent.AppId, appsecret = TestComponent.AppSecret }
            : (object)new { component_appid = TestComponent.AppId, appsecret = TestComponent.AppSecret, appid = appId });

    private static Task<System.Text.Json.JsonElement> ClearV1(SandboxScenario scenario, string token, string appId) =>
        scenario.PostAsync(SandboxApis.ClearQuota, new { appid = appId }, token);
}
