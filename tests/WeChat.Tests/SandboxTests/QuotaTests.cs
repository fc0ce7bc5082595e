using System.Text.Json;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>Daily quotas on by default (the token fetch per platform, api_authorizer_token per account), clear_quota v1 and v2, quota/get.</summary>
public class QuotaTests
{
    [Fact]
    public async Task Quota_get_reports_the_default_limit_of_the_token_fetch_and_its_use()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var token = await scenario.ComponentTokenAsync(scenario.Client());

        var quota = (await PostAsync(scenario, $"cgi-bin/openapi/quota/get?access_token={token}", new { cgi_path = "/" + ComponentApis.ComponentToken })).GetProperty("quota");
        var unknown = await PostAsync(scenario, $"cgi-bin/openapi/quota/get?access_token={token}", new { cgi_path = "/cgi-bin/no/such/api" });

        Assert.Equal((10_000, 1, 9_999), (quota.GetProperty("daily_limit").GetInt32(), quota.GetProperty("used").GetInt32(), quota.GetProperty("remain").GetInt32()));
        Assert.Equal(76021, unknown.GetProperty("errcode").GetInt32());
    }

    [Fact]
    public async Task The_authorizer_token_quota_is_per_account_here_shrunk_to_one_call()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.DailyQuotas[ComponentApis.AuthorizerToken] = 1);
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var official = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;
        var mini = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync(TestComponent.MiniProgram))).AuthorizationInfo;

        await client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, official.AuthorizerRefreshToken!);
        var second = await Assert.ThrowsAsync<WeChatApiException>(() => client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, official.AuthorizerRefreshToken!));
        var other = await client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.MiniProgram, mini.AuthorizerRefreshToken!);

        Assert.Equal(WeChatErrorCodes.DailyQuotaReached, second.ErrorCode);
        Assert.NotEmpty(other.AuthorizerAccessToken);
    }

    [Fact]
    public async Task An_exhausted_quota_answers_45009_until_midnight_in_beijing()
    {
        await using var scenario = await SandboxScenario.StartAsync(startAt: new DateTimeOffset(2027, 3, 9, 23, 0, 0, TimeSpan.FromHours(8)));
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.ControlAsync("quota/exhaust", new { appid = TestComponent.AppId, api = ComponentApis.CreatePreAuthCode });

        var exhausted = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(token, TestComponent.AppId));
        scenario.Time.Advance(TimeSpan.FromMinutes(59));
        var justBefore = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(token, TestComponent.AppId));
        scenario.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal((WeChatErrorCodes.DailyQuotaReached, WeChatErrorCodes.DailyQuotaReached), (exhausted.ErrorCode, justBefore.ErrorCode));
        Assert.NotEmpty((await client.CreatePreAuthCodeAsync(token, TestComponent.AppId)).PreAuthCode);
    }

    [Fact]
    public async Task Clear_quota_with_a_token_resets_only_the_tokens_own_appid()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var authorizerToken = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;
        await scenario.ControlAsync("quota/exhaust", new { appid = TestComponent.AppId, api = ComponentApis.CreatePreAuthCode });

        var foreign = await PostAsync(scenario, $"cgi-bin/clear_quota?access_token={token}", new { appid = TestComponent.OfficialAccount });
        var own = await PostAsync(scenario, $"cgi-bin/clear_quota?access_token={token}", new { appid = TestComponent.AppId });
        var account = await PostAsync(scenario, $"cgi-bin/clear_quota?access_token={authorizerToken}", new { appid = TestComponent.OfficialAccount });
        var accountOnPlatform = await PostAsync(scenario, $"cgi-bin/clear_quota?access_token={authorizerToken}", new { appid = TestComponent.AppId });

        Assert.Equal((WeChatErrorCodes.InvalidAppId, 0, 0, WeChatErrorCodes.InvalidAppId),
            (Code(foreign), Code(own), Code(account), Code(accountOnPlatform)));
        Assert.NotEmpty((await client.CreatePreAuthCodeAsync(token, TestComponent.AppId)).PreAuthCode);
    }

    [Fact]
    public async Task Clear_quota_v2_refuses_an_appid_that_did_not_authorize_the_platform_and_stops_after_ten_resets()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        await scenario.ComponentTokenAsync(scenario.Client());

        var stranger = await PostAsync(scenario, "cgi-bin/component/clear_quota/v2",
            new { component_appid = TestComponent.AppId, appsecret = TestComponent.AppSecret, appid = TestComponent.OfficialAccount });
        await scenario.AuthorizeAsync();
        var codes = new List<int>();
        for (var i = 0; i < 11; i++)
        {
            codes.Add(Code(await PostAsync(scenario, "cgi-bin/component/clear_quota/v2",
                new { component_appid = TestComponent.AppId, appsecret = TestComponent.AppSecret, appid = TestComponent.OfficialAccount })));
        }

        Assert.Equal(WeChatErrorCodes.ComponentNotAuthorized, Code(stranger));
        Assert.Equal([.. Enumerable.Repeat(0, 10), WeChatErrorCodes.ClearQuotaLimitReached], codes);
    }

    [Fact]
    public async Task An_account_token_may_not_read_the_quota_of_a_component_api()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var authorizerToken = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;
        await client.GetTicketAsync(authorizerToken, AccountTicketType.JsApi);

        var component = await PostAsync(scenario, $"cgi-bin/openapi/quota/get?access_token={authorizerToken}", new { cgi_path = "/" + ComponentApis.ComponentToken });
        var ticket = (await PostAsync(scenario, $"cgi-bin/openapi/quota/get?access_token={authorizerToken}", new { cgi_path = "/" + ComponentApis.GetTicket })).GetProperty("quota");

        Assert.Equal(76022, Code(component));
        Assert.Equal((2_000, 1), (ticket.GetProperty("daily_limit").GetInt32(), ticket.GetProperty("used").GetInt32()));
    }

    private static int Code(JsonElement answer) => answer.GetProperty("errcode").GetInt32();

    private static async Task<JsonElement> PostAsync(SandboxScenario scenario, string pathAndQuery, object body)
    {
        using var response = await scenario.Http.PostAsJsonAsync($"{scenario.Sandbox.BaseUrl}/{pathAndQuery}", body);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
