using System.Net;
using System.Text.Json;
using Sandbox;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>Accounts are not all ideal: subscription and unverified accounts, mini programs, partial and empty grants, and APIs that check them.</summary>
public class AccountShapeTests
{
    private const string Partial = "wx7e57acc000000004";
    private const string Nothing = "wx7e57acc000000005";

    [Fact]
    public async Task An_account_that_grants_no_set_gets_no_tokens_from_query_auth()
    {
        await using var scenario = await StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);

        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync(Nothing))).AuthorizationInfo;

        Assert.Null(auth.AuthorizerAccessToken);
        Assert.Null(auth.AuthorizerRefreshToken);
        Assert.Empty(auth.PermissionSetIds);
    }

    [Fact]
    public async Task An_api_outside_the_granted_sets_is_48001_and_outside_the_declared_sets_61007()
    {
        await using var scenario = await StartAsync((_, c) => c.PermissionSets.Remove(8));
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync(Partial))).AuthorizationInfo;

        var jsApi = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetTicketAsync(auth.AuthorizerAccessToken!, AccountTicketType.JsApi));
        var card = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetTicketAsync(auth.AuthorizerAccessToken!, AccountTicketType.WxCard));
        scenario.World.UserWrote(Partial, "o-writer");
        await client.SendCustomTextMessageAsync(auth.AuthorizerAccessToken!, "o-writer", "set 1 is granted");

        Assert.Equal([1], auth.PermissionSetIds);
        Assert.Equal((WeChatErrorCodes.ApiUnauthorized, 61007), (jsApi.ErrorCode, card.ErrorCode));
    }

    [Fact]
    public async Task The_admin_unticks_a_set_on_the_approval_page_and_it_is_not_granted()
    {
        await using var scenario = await StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var code = await client.CreatePreAuthCodeAsync(token, TestComponent.AppId);
        var page = await scenario.PageAsync(AuthorizationLinks.ForPc(scenario.Sandbox.BaseUrl,
            new AuthorizationRequest(TestComponent.AppId, code.PreAuthCode, "https://platform.example/cb", CategoryIds: [1, 4])));
        var fields = AuthorizationRoundTripTests.HiddenFields(page).Where(f => f is not { Key: "granted", Value: "4" })
            .Append(new("authorizer_appid", TestComponent.OfficialAccount));

        using var approval = await scenario.Http.PostAsync(scenario.Sandbox.BaseUrl + "/sandbox/authorize", new FormUrlEncodedContent(fields));
        var authCode = System.Web.HttpUtility.ParseQueryString(approval.Headers.Location!.Query)["auth_code"]!;
        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, authCode)).AuthorizationInfo;

        Assert.Equal(HttpStatusCode.Redirect, approval.StatusCode);
        Assert.Equal([1], auth.PermissionSetIds);
    }

    [Fact]
    public async Task Authorizer_info_tells_a_subscription_account_an_unverified_one_and_a_mini_program_apart()
    {
        await using var scenario = await StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(Partial);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);

        var subscription = (await InfoAsync(scenario, token, Partial)).GetProperty("authorizer_info");
        var mini = (await InfoAsync(scenario, token, TestComponent.MiniProgram)).GetProperty("authorizer_info");

        Assert.Equal((0, -1), (subscription.GetProperty("service_type_info").GetProperty("id").GetInt32(), subscription.GetProperty("verify_type_info").GetProperty("id").GetInt32()));
        Assert.False(subscription.TryGetProperty("MiniProgramInfo", out _));
        var network = mini.GetProperty("MiniProgramInfo").GetProperty("network");
        Assert.NotEmpty(network.GetProperty("RequestDomain").EnumerateArray());
        Assert.True(network.TryGetProperty("BizDomain", out _));
        Assert.NotEmpty(mini.GetProperty("MiniProgramInfo").GetProperty("categories").EnumerateArray());
    }

    private static Task<SandboxScenario> StartAsync(Action<SandboxOptions, SandboxComponent>? configure = null) =>
        SandboxScenario.StartAsync((o, c) =>
        {
            o.Accounts.Add(new SandboxAccount { AppId = Partial, UserName = "gh_7e57acc00004", NickName = "部分授权订阅号", ServiceType = 0, Verified = false, GrantedPermissionSets = [1] });
            o.Accounts.Add(new SandboxAccount { AppId = Nothing, UserName = "gh_7e57acc00005", NickName = "零授权公众号", GrantedPermissionSets = [] });
            configure?.Invoke(o, c);
        });

    private static async Task<JsonElement> InfoAsync(SandboxScenario scenario, string token, string appId)
    {
        using var response = await scenario.Http.PostAsJsonAsync($"{scenario.Sandbox.BaseUrl}/{ComponentApis.GetAuthorizerInfo}?component_access_token={token}",
            new { component_appid = TestComponent.AppId, authorizer_appid = appId });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
