using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>Business services calling WeChat for an account through the gateway, never touching its token.</summary>
public sealed class WeChatProxyTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const string Account = "wx5a4db0acc0000002";
    private static readonly string Proxy = $"/api/components/{GatewayHost.ComponentAppId}/authorizers/{Account}/wechat";

    [Fact]
    public async Task A_call_goes_to_WeChat_with_the_accounts_token()
    {
        await host.AuthorizeAsync(Account);
        host.WeChat.UserWrote(Account, "oProxyUser1");

        using var response = await host.Api.PostAsJsonAsync($"{Proxy}/cgi-bin/message/custom/send", new { touser = "oProxyUser1", msgtype = "text", text = new { content = "hello via proxy" } });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, answer.GetProperty("errcode").GetInt32());
        Assert.Contains(host.WeChat.Journal.CustomerServiceMessages(), m => m.Content == "hello via proxy" && m.AuthorizerAppId == Account && m.ToUser == "oProxyUser1");
    }

    [Fact]
    public async Task A_token_WeChat_rejects_with_40001_is_refreshed_once_and_the_call_sent_again()
    {
        // An account of its own: re-authorizing one the other tests use would leave its previous token in the
        // gateway's one-second cache, and a rejected previous token rightly causes no refresh.
        const string account = GatewayHost.MiniProgram;
        await host.AuthorizeAsync(account);
        host.WeChat.UserWrote(account, "oProxyUser2");
        var token = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{GatewayHost.ComponentAppId}/authorizers/{account}/token");
        host.WeChat.Tokens.Invalidate(token.GetProperty("access_token").GetString()!);
        var refreshesBefore = host.WeChat.Calls.Count(ComponentApis.AuthorizerToken);

        using var response = await host.Api.PostAsJsonAsync($"/api/components/{GatewayHost.ComponentAppId}/authorizers/{account}/wechat/cgi-bin/message/custom/send", new { touser = "oProxyUser2", msgtype = "text", text = new { content = "after 40001" } });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fresh = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{GatewayHost.ComponentAppId}/authorizers/{account}/token");

        Assert.Equal(0, answer.GetProperty("errcode").GetInt32());
        Assert.Equal(refreshesBefore + 1, host.WeChat.Calls.Count(ComponentApis.AuthorizerToken));
        Assert.Contains(host.WeChat.Calls.All(ComponentApis.CustomSend), c => c.ErrorCode == 40001);
        Assert.Contains(host.WeChat.Journal.CustomerServiceMessages(), m => m.Content == "after 40001");
        Assert.NotEqual(token.GetProperty("access_token").GetString(), fresh.GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task A_callers_own_access_token_is_replaced_by_the_accounts()
    {
        await host.AuthorizeAsync(Account);
        host.WeChat.UserWrote(Account, "oProxyUser3");

        using var response = await host.Api.PostAsJsonAsync($"{Proxy}/cgi-bin/message/custom/send?access_token=forged", new { touser = "oProxyUser3", msgtype = "text", text = new { content = "forged token dropped" } });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(0, answer.GetProperty("errcode").GetInt32());
        Assert.Contains(host.WeChat.Journal.CustomerServiceMessages(), m => m.Content == "forged token dropped" && m.AuthorizerAppId == Account);
    }

    [Theory]
    [InlineData("/api/components/wx5a4db0c0de000001/authorizers/wx5a4db0acc0000002/wechat/cgi-bin%2F..%2F..%2Fsandbox", HttpStatusCode.BadRequest)]
    [InlineData("/api/components/wxunknown000000000/authorizers/wx5a4db0acc0000002/wechat/cgi-bin/message/custom/send", HttpStatusCode.NotFound)]
    [InlineData("/api/components/wx5a4db0c0de000001/authorizers/wx5a4db0acc9999999/wechat/cgi-bin/message/custom/send", HttpStatusCode.NotFound)]
    public async Task Bad_calls_are_refused_with_a_problem(string path, HttpStatusCode expected)
    {
        using var response = await host.Api.PostAsync(path, new StringContent("{}"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_key_the_proxy_refuses()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        using var response = await anonymous.PostAsync($"{Proxy}/cgi-bin/message/custom/send", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
