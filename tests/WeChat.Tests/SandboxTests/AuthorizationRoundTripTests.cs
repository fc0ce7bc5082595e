using System.Net;
using System.Text.RegularExpressions;
using WeChat.Api;
using WeChat.Tests.Support;
using WeChat.Xml;

namespace WeChat.Tests.SandboxTests;

public partial class AuthorizationRoundTripTests
{
    [Fact]
    public async Task Ticket_to_authorizer_token_round_trip_over_real_http()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();

        // Ticket → component token → pre_auth_code.
        var ticket = await scenario.ReceiveTicketAsync(client);
        Assert.StartsWith("ticket@@@", ticket);
        var componentToken = await client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, ticket);
        Assert.Equal(7200, componentToken.ExpiresIn);
        var preAuthCode = await client.CreatePreAuthCodeAsync(componentToken.ComponentAccessToken, TestComponent.AppId);
        Assert.Equal(1800, preAuthCode.ExpiresIn);

        // The authorization page, as a browser sees it: pick the account and approve.
        var redirectUri = "https://platform.example/wechat/" + TestComponent.AppId + "/authorize/callback";
        var link = AuthorizationLinks.ForPc(scenario.Sandbox.BaseUrl,
            new AuthorizationRequest(TestComponent.AppId, preAuthCode.PreAuthCode, redirectUri));
        var page = await scenario.PageAsync(link);
        Assert.Contains("测试公众号", page);
        using var approval = await scenario.Http.PostAsync(scenario.Sandbox.BaseUrl + "/sandbox/authorize",
            new FormUrlEncodedContent(HiddenFields(page).Append(new("authorizer_appid", TestComponent.OfficialAccount))));

        Assert.Equal(HttpStatusCode.Redirect, approval.StatusCode);
        var location = approval.Headers.Location!;
        Assert.StartsWith(redirectUri + "?", location.ToString());
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        var authCode = query["auth_code"]!;
        Assert.Equal("600", query["expires_in"]);

        // The same code arrives by the authorized event.
        var authorized = await scenario.Receiver.NextAsync<AuthorizationPush>();
        Assert.Equal(InfoTypes.Authorized, authorized.InfoType);
        Assert.Equal(authCode, authorized.AuthorizationCode);
        Assert.Equal(TestComponent.OfficialAccount, authorized.AuthorizerAppId);
        Assert.Equal(preAuthCode.PreAuthCode, authorized.PreAuthCode);
        Assert.Equal(authorized.CreatedAt.AddSeconds(3600), authorized.AuthorizationCodeExpiresAt);

        // api_query_auth → authorizer tokens; api_authorizer_token refreshes with the refresh token.
        var auth = (await client.QueryAuthAsync(componentToken.ComponentAccessToken, TestComponent.AppId, authCode)).AuthorizationInfo;
        Assert.Equal(TestComponent.OfficialAccount, auth.AuthorizerAppId);
        Assert.NotNull(auth.AuthorizerAccessToken);
        Assert.StartsWith("refreshtoken@@@", auth.AuthorizerRefreshToken);
        Assert.Contains(1, auth.PermissionSetIds);

        var refreshed = await client.RefreshAuthorizerTokenAsync(componentToken.ComponentAccessToken, TestComponent.AppId,
            TestComponent.OfficialAccount, auth.AuthorizerRefreshToken!);
        Assert.NotEqual(auth.AuthorizerAccessToken, refreshed.AuthorizerAccessToken);
        Assert.Equal(auth.AuthorizerRefreshToken, refreshed.AuthorizerRefreshToken);
        scenario.World.UserWrote(TestComponent.OfficialAccount, "openid-1");
        await client.SendCustomTextMessageAsync(refreshed.AuthorizerAccessToken, "openid-1", "hello");
        Assert.Contains(scenario.World.Journal.CustomerServiceMessages(), m => m.Content == "hello" && m.AuthorizerAppId == TestComponent.OfficialAccount);

        var info = await client.GetAuthorizerInfoAsync(componentToken.ComponentAccessToken, TestComponent.AppId, TestComponent.OfficialAccount);
        Assert.Equal("测试公众号", info.AuthorizerInfo.NickName);
        Assert.Equal(TestComponent.OfficialAccountUserName, info.AuthorizerInfo.UserName);
        Assert.False(info.AuthorizerInfo.IsMiniProgram);
        Assert.Equal(auth.AuthorizerRefreshToken, info.AuthorizationInfo!.AuthorizerRefreshToken);
    }

    [Fact]
    public async Task Mobile_link_opens_the_same_authorization_page()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var code = await client.CreatePreAuthCodeAsync(token, TestComponent.AppId);

        var link = AuthorizationLinks.ForMobile(scenario.Sandbox.BaseUrl, new AuthorizationRequest(
            TestComponent.AppId, code.PreAuthCode, "https://platform.example/cb", AuthorizationAccountKind.MiniProgram));
        var page = await scenario.PageAsync(link);

        Assert.EndsWith("#wechat_redirect", link);
        Assert.Contains("action=bindcomponent&no_scan=1", link);
        Assert.Contains("测试小程序", page);
        Assert.DoesNotContain("测试公众号", page);
    }

    [Fact]
    public async Task A_pre_auth_code_authorizes_once()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var code = await client.CreatePreAuthCodeAsync(token, TestComponent.AppId);
        var link = AuthorizationLinks.ForPc(scenario.Sandbox.BaseUrl, new AuthorizationRequest(TestComponent.AppId, code.PreAuthCode, "https://platform.example/cb"));
        var fields = HiddenFields(await scenario.PageAsync(link)).Append(new("authorizer_appid", TestComponent.OfficialAccount)).ToList();

        using var first = await scenario.Http.PostAsync(scenario.Sandbox.BaseUrl + "/sandbox/authorize", new FormUrlEncodedContent(fields));
        using var second = await scenario.Http.PostAsync(scenario.Sandbox.BaseUrl + "/sandbox/authorize", new FormUrlEncodedContent(fields));
        using var reopened = await scenario.OpenPageAsync(link);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reopened.StatusCode);
        Assert.Contains("pre_auth_code", await reopened.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_must_be_opened_from_the_registered_initiating_domain_and_redirect_to_it()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        async Task<string> LinkAsync(string redirectUri) => AuthorizationLinks.ForPc(scenario.Sandbox.BaseUrl,
            new AuthorizationRequest(TestComponent.AppId, (await client.CreatePreAuthCodeAsync(token, TestComponent.AppId)).PreAuthCode, redirectUri));

        using var direct = await scenario.Http.GetAsync(await LinkAsync("https://platform.example/cb"));
        using var referred = await scenario.OpenPageAsync(await LinkAsync("https://platform.example/cb"));
        using var elsewhere = await scenario.OpenPageAsync(await LinkAsync("https://attacker.example/cb"));

        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Contains("授权入口页所在域名：空", await direct.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, referred.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Contains("授权发起页域名", await elsewhere.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_platform_with_no_registered_initiating_domain_cannot_open_the_page()
    {
        await using var scenario = await SandboxScenario.StartAsync((_, c) => c.InitiatingPageDomain = null);
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var code = await client.CreatePreAuthCodeAsync(token, TestComponent.AppId);

        using var page = await scenario.OpenPageAsync(AuthorizationLinks.ForPc(scenario.Sandbox.BaseUrl, new AuthorizationRequest(TestComponent.AppId, code.PreAuthCode, "https://platform.example/cb")));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task Biz_appid_restricts_the_page_to_one_account()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var code = await client.CreatePreAuthCodeAsync(token, TestComponent.AppId);

        var page = await scenario.PageAsync(AuthorizationLinks.ForPc(scenario.Sandbox.BaseUrl,
            new AuthorizationRequest(TestComponent.AppId, code.PreAuthCode, "https://platform.example/cb", BizAppId: TestComponent.MiniProgram, CategoryIds: [1, 17])));

        Assert.Contains(TestComponent.MiniProgram, page);
        Assert.DoesNotContain(TestComponent.OfficialAccount, page);
        Assert.Contains("1, 17", page);
    }

    /// <summary>What a browser posts of the form as served: its hidden fields and the checkboxes left ticked.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> HiddenFields(string page) =>
        HiddenField().Matches(page).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Concat(TickedBox().Matches(page).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))));

    [GeneratedRegex("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<input type=\"checkbox\" name=\"([a-z_]+)\" value=\"([^\"]*)\" checked>")]
    private static partial Regex TickedBox();
}
