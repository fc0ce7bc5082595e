using System.Net.Http.Json;
using Sandbox.Endpoints;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>Accounts are not all ideal: their type, verification, kind and the permission sets they grant show in every answer.</summary>
public class AccountShapeTests
{
    [Theory]
    [InlineData(TestComponent.OfficialAccount, 2, 0)]
    [InlineData(TestComponent.SubscriptionAccount, 0, 0)]
    [InlineData(TestComponent.UnverifiedAccount, 2, -1)]
    public async Task Authorizer_info_tells_the_service_type_and_verification(string account, int serviceType, int verifyType)
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (token, _) = await scenario.AuthorizedAsync(account);

        var info = (await Info(scenario, token, account)).GetProperty("authorizer_info");

        Assert.Equal(serviceType, info.GetProperty("service_type_info").GetProperty("id").GetInt32());
        Assert.Equal(verifyType, info.GetProperty("verify_type_info").GetProperty("id").GetInt32());
        Assert.Equal(1, info.GetProperty("account_status").GetInt32());
        Assert.False(info.TryGetProperty("MiniProgramInfo", out _));
    }

    [Fact]
    public async Task A_mini_program_has_its_MiniProgramInfo_and_only_mini_program_sets()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (token, authorization) = await scenario.AuthorizedAsync(TestComponent.MiniProgram);

        var info = (await Info(scenario, token, TestComponent.MiniProgram)).GetProperty("authorizer_info");
        var mini = info.GetProperty("MiniProgramInfo");

        Assert.NotEmpty(mini.GetProperty("network").GetProperty("RequestDomain").EnumerateArray());
        Assert.Equal("工具", mini.GetProperty("categories")[0].GetProperty("first").GetString());
        Assert.Equal(0, mini.GetProperty("visit_status").GetInt32());
        Assert.True(info.TryGetProperty("signature", out _));
        Assert.Equal([17, 18, 19], Sets(authorization));
    }

    [Fact]
    public async Task An_account_that_grants_some_sets_is_refused_the_apis_of_the_others_with_48001()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (_, authorization) = await scenario.AuthorizedAsync(TestComponent.PartialGrantAccount);
        await scenario.UserWritesAsync("o-user", TestComponent.PartialGrantAccount);

        var send = await scenario.PostAsync(ComponentApis.CustomSend, new { touser = "o-user", msgtype = "text", text = new { content = "hi" } }, authorization.AuthorizerToken());
        var ticket = await Assert.ThrowsAsync<WeChatApiException>(() => scenario.Client().GetJsApiTicketAsync(authorization.AuthorizerToken()));

        Assert.Equal([2, 3], Sets(authorization));
        Assert.Equal(WeChatErrorCodes.ApiUnauthorized, send.ErrCode());
        Assert.Equal(WeChatErrorCodes.ApiUnauthorized, ticket.ErrorCode);
    }

    [Fact]
    public async Task An_account_that_grants_no_set_gives_no_tokens_and_no_refresh_token()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var (token, authorization) = await scenario.AuthorizedAsync(TestComponent.NoGrantAccount);
        var client = scenario.Client();

        var list = await client.GetAuthorizerListAsync(token, TestComponent.AppId, 0, 10);
        var refresh = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.NoGrantAccount, "refreshtoken@@@guess"));

        Assert.Equal(TestComponent.NoGrantAccount, authorization.GetProperty("authorizer_appid").GetString());
        Assert.False(authorization.TryGetProperty("authorizer_access_token", out _));
        Assert.False(authorization.TryGetProperty("authorizer_refresh_token", out _));
        Assert.Empty(Sets(authorization));
        Assert.Null(list.List.Single(a => a.AuthorizerAppId == TestComponent.NoGrantAccount).RefreshToken);
        Assert.Equal(WeChatErrorCodes.RefreshTokenInvalid, refresh.ErrorCode);
    }

    [Fact]
    public async Task An_api_whose_set_the_platform_never_declared_is_61007()
    {
        await using var scenario = await SandboxScenario.StartAsync((_, c) => c.PermissionSets.Remove(4));
        var (_, authorization) = await scenario.AuthorizedAsync();

        var ticket = await Assert.ThrowsAsync<WeChatApiException>(() => scenario.Client().GetJsApiTicketAsync(authorization.AuthorizerToken()));
        var card = await scenario.Http.GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"{scenario.Sandbox.BaseUrl}/{ComponentApis.GetTicket}?type=wx_card&access_token={Uri.EscapeDataString(authorization.AuthorizerToken())}");

        Assert.Equal(SandboxErrorCodes.ApiUnauthorizedToComponent, ticket.ErrorCode);
        Assert.Equal(SandboxErrorCodes.ApiUnauthorizedToComponent, card.ErrCode());
    }

    private static Task<System.Text.Json.JsonElement> Info(SandboxScenario scenario, string token, string account) =>
        scenario.PostAsync(ComponentApis.GetAuthorizerInfo, new { component_appid = TestComponent.AppId, authorizer_appid = account }, token, "component_access_token");

    private static int[] Sets(System.Text.Json.JsonElement authorization) =>
        [.. authorization.GetProperty("func_info").EnumerateArray().Select(f => f.GetProperty("funcscope_category").GetProperty("id").GetInt32())];
}
