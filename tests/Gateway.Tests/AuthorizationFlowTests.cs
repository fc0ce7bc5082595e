using System.Net;
using Gateway.Tests.Support;
using WeChat.Api;

namespace Gateway.Tests;

public sealed class AuthorizationFlowTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task The_start_page_leads_to_the_redirect_with_the_query_passed_on()
    {
        var page = await host.Http.GetStringAsync($"/wechat/{GatewayHost.ComponentAppId}/authorize?auth_type=1");

        Assert.Contains($"href=\"/wechat/{GatewayHost.ComponentAppId}/authorize/redirect?auth_type=1\"", page);
        Assert.Contains("mobile=1", page);
    }

    [Fact]
    public async Task The_redirect_sends_the_browser_to_WeChat_with_a_fresh_pre_auth_code()
    {
        using var first = await host.Http.GetAsync($"/wechat/{GatewayHost.ComponentAppId}/authorize/redirect?auth_type=2&biz_appid=wxbiz&category_id_list=1|17");
        using var second = await host.Http.GetAsync($"/wechat/{GatewayHost.ComponentAppId}/authorize/redirect");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var link = first.Headers.Location!.OriginalString;
        Assert.StartsWith($"{host.BaseUrl}/cgi-bin/componentloginpage?component_appid={GatewayHost.ComponentAppId}&pre_auth_code=preauthcode", link);
        Assert.Contains("auth_type=2&biz_appid=wxbiz&category_id_list=1%7C17", link);
        Assert.Contains(Uri.EscapeDataString($"{host.BaseUrl}/wechat/{GatewayHost.ComponentAppId}/authorize/callback"), link);
        Assert.NotEqual(Code(first), Code(second));
    }

    [Fact]
    public async Task Mobile_redirect_uses_the_bindcomponent_page()
    {
        using var response = await host.Http.GetAsync($"/wechat/{GatewayHost.ComponentAppId}/authorize/redirect?mobile=1");

        var link = response.Headers.Location!.OriginalString;
        Assert.StartsWith($"{host.BaseUrl}/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&component_appid=", link);
        Assert.EndsWith("#wechat_redirect", link);
    }

    [Theory]
    [InlineData("auth_type=9")]
    [InlineData("auth_type=x")]
    [InlineData("category_id_list=a|b")]
    public async Task Bad_redirect_parameters_are_400(string query)
    {
        using var response = await host.Http.GetAsync($"/wechat/{GatewayHost.ComponentAppId}/authorize/redirect?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_callback_shows_the_account_and_a_reload_does_no_harm()
    {
        var code = host.Approve(GatewayHost.Account);
        var url = $"/wechat/{GatewayHost.ComponentAppId}/authorize/callback?auth_code={Uri.EscapeDataString(code)}&expires_in=600";

        using var first = await host.Http.GetAsync(url);
        using var reload = await host.Http.GetAsync(url);
        var page = await first.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.Contains("沙盒咖啡 Sandbox Coffee", page);
        Assert.Contains(GatewayHost.Account, page);
        Assert.Contains("消息管理 Messages", page);
        Assert.Equal(1, host.WeChat.Calls.All(ComponentApis.QueryAuth).Count(c => c.AuthorizerAppId == GatewayHost.Account && c.ErrorCode == 0));
    }

    [Theory]
    [InlineData("?auth_code=queryauthcode@@@bogus")]
    [InlineData("")]
    [InlineData("?auth_code=")]
    public async Task A_callback_without_a_good_code_says_what_to_do(string query)
    {
        using var response = await host.Http.GetAsync($"/wechat/{GatewayHost.ComponentAppId}/authorize/callback{query}");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("authoriz", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"/wechat/{GatewayHost.ComponentAppId}/authorize", page);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/redirect")]
    [InlineData("/callback?auth_code=x")]
    public async Task Pages_of_an_unknown_component_are_404(string path)
    {
        using var response = await host.Http.GetAsync($"/wechat/wxunknown000000000/authorize{path}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string Code(HttpResponseMessage response) =>
        System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query)["pre_auth_code"]!;
}
