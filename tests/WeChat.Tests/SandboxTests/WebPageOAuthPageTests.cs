using System.Net;
using System.Text.RegularExpressions;
using System.Web;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>The sandbox's web-page OAuth page, as WeChat's browser shows it to a user of an official account.</summary>
public partial class WebPageOAuthPageTests
{
    private const string RedirectUri = "https://platform.example/oauth/back?x=1";

    [Fact]
    public async Task Approving_redirects_with_a_code_that_exchanges_for_the_tokens_of_the_chosen_user()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var link = Link(scenario, OAuthScopes.UserInfo, "st-1");

        var page = await scenario.Http.GetStringAsync(link);
        var (userId, openIdOnPage) = Users(page).First();
        using var approval = await PostAsync(scenario, page, ("user", userId), ("decision", "allow"));
        var query = HttpUtility.ParseQueryString(approval.Headers.Location!.Query);
        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, query["code"]!);

        Assert.EndsWith("#wechat_redirect", link);
        Assert.Equal(HttpStatusCode.Redirect, approval.StatusCode);
        Assert.StartsWith(RedirectUri + "&code=", approval.Headers.Location!.ToString());
        Assert.Equal(("1", "st-1", TestComponent.OfficialAccount), (query["x"], query["state"], query["appid"]));
        Assert.Equal(openIdOnPage, tokens.OpenId);
        Assert.Equal(OAuthScopes.UserInfo, tokens.Scope);
        Assert.Equal(7200, tokens.ExpiresIn);
        Assert.Matches("^o[A-Za-z0-9_-]{27}$", tokens.UnionId);
        Assert.NotEqual(tokens.AccessToken, tokens.RefreshToken);
        Assert.Equal(88, tokens.RefreshToken.Length);
    }

    [Fact]
    public async Task A_user_typed_on_the_page_is_someone_new_who_is_then_offered()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var link = Link(scenario, OAuthScopes.Base, "st-2");
        var page = await scenario.Http.GetStringAsync(link);

        using var approval = await PostAsync(scenario, page, ("user", "new"), ("new_user", "新用户 Zoe"), ("decision", "allow"));
        var code = HttpUtility.ParseQueryString(approval.Headers.Location!.Query)["code"]!;
        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, code);
        var again = await scenario.Http.GetStringAsync(link);

        Assert.DoesNotContain(Users(page), u => u.OpenId == tokens.OpenId);
        Assert.Contains(Users(again), u => u.OpenId == tokens.OpenId);
        Assert.Contains("新用户 Zoe", again);
        Assert.Equal(OAuthScopes.Base, tokens.Scope);
    }

    [Fact]
    public async Task Refusing_redirects_with_only_the_state()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        await scenario.ComponentTokenAsync(scenario.Client());
        await scenario.AuthorizeAsync();
        var page = await scenario.Http.GetStringAsync(Link(scenario, OAuthScopes.UserInfo, "st-3"));

        using var refusal = await PostAsync(scenario, page, ("user", Users(page).First().UserId), ("decision", "deny"));

        Assert.Equal(HttpStatusCode.Redirect, refusal.StatusCode);
        Assert.Equal(RedirectUri + "&state=st-3", refusal.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData(TestComponent.MiniProgram, "snsapi_base", "https://platform.example/back", "wx.login")]
    [InlineData(TestComponent.UnboundOfficialAccount, "snsapi_base", "https://platform.example/back", "not authorized")]
    [InlineData(TestComponent.OfficialAccount, "snsapi_login", "https://platform.example/back", "scope")]
    [InlineData(TestComponent.OfficialAccount, "snsapi_base", "/back", "redirect_uri")]
    [InlineData(TestComponent.OfficialAccount, "snsapi_base", "ftp://platform.example/back", "redirect_uri")]
    [InlineData("wx7e57acc0000000ff", "snsapi_base", "https://platform.example/back", "appid")]
    public async Task The_page_refuses_what_WeChat_refuses(string appId, string scope, string redirectUri, string reason)
    {
        await using var scenario = await SandboxScenario.StartAsync();
        await scenario.AuthorizeAsync(TestComponent.OfficialAccount);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);

        using var response = await scenario.Http.GetAsync(RawLink(scenario, TestComponent.AppId, appId, scope, redirectUri, "s"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_state_over_128_bytes_and_an_unknown_platform_are_refused()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        await scenario.AuthorizeAsync();

        using var longest = await scenario.Http.GetAsync(RawLink(scenario, TestComponent.AppId, TestComponent.OfficialAccount, "snsapi_base", RedirectUri, new string('s', 128)));
        using var tooLong = await scenario.Http.GetAsync(RawLink(scenario, TestComponent.AppId, TestComponent.OfficialAccount, "snsapi_base", RedirectUri, new string('s', 129)));
        using var unknown = await scenario.Http.GetAsync(RawLink(scenario, "wx0000000000000000", TestComponent.OfficialAccount, "snsapi_base", RedirectUri, "s"));

        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("128 bytes", await tooLong.Content.ReadAsStringAsync());
        Assert.Contains("component_appid", await unknown.Content.ReadAsStringAsync());
    }

    // By hand rather than with OAuthLinks, which refuses what these tests send.
    private static string RawLink(SandboxScenario scenario, string componentAppId, string appId, string scope, string redirectUri, string state) =>
        $"{scenario.Sandbox.BaseUrl}/connect/oauth2/authorize?appid={appId}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
        $"&response_type=code&scope={scope}&state={state}&component_appid={componentAppId}#wechat_redirect";

    private static string Link(SandboxScenario scenario, string scope, string state) =>
        OAuthLinks.ForOfficialAccount(scenario.Sandbox.BaseUrl, new OAuthRequest(TestComponent.AppId, TestComponent.OfficialAccount, RedirectUri, scope, state));

    private static Task<HttpResponseMessage> PostAsync(SandboxScenario scenario, string page, params (string Name, string Value)[] choices) =>
        scenario.Http.PostAsync(scenario.Sandbox.BaseUrl + "/sandbox/oauth2/authorize", new FormUrlEncodedContent(
            AuthorizationRoundTripTests.HiddenFields(page).Concat(choices.Select(c => new KeyValuePair<string, string>(c.Name, c.Value)))));

    private static List<(string UserId, string OpenId)> Users(string page) =>
        [.. UserRow().Matches(page).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    [GeneratedRegex("name=\"user\" value=\"(user-[0-9]+)\"[^>]*>\\s*<strong>[^<]*</strong> · openid <code>([^<]+)</code>")]
    private static partial Regex UserRow();
}
