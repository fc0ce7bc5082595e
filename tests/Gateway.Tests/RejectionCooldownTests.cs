using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using Sandbox.State;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>
/// An API that rejects every token cannot make the proxies spend the refresh quota: the first rejection refreshes the
/// token, and the new one is trusted for <c>Tokens:RejectionCooldown</c>.
/// </summary>
public sealed class RejectionCooldownTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const int Calls = 20;
    private static readonly string Platform = $"/api/components/{GatewayHost.ComponentAppId}";

    [Fact]
    public async Task Twenty_platform_proxy_calls_to_an_API_that_rejects_every_token_refresh_the_component_token_once()
    {
        var refreshes = host.WeChat.Calls.Count(ComponentApis.ComponentToken, errorCode: null);
        var answers = await RejectingAsync(ComponentApis.TemplateList, () => host.Api.GetAsync($"{Platform}/wechat/{ComponentApis.TemplateList}?access_token=x"));

        Assert.All(answers, a => Assert.Equal(WeChatErrorCodes.InvalidCredential, a));
        Assert.Equal(refreshes + 1, host.WeChat.Calls.Count(ComponentApis.ComponentToken, errorCode: null));
        Assert.Equal(2 * Calls, host.WeChat.Calls.Count(ComponentApis.TemplateList, errorCode: WeChatErrorCodes.InvalidCredential));
    }

    [Fact]
    public async Task Twenty_account_proxy_calls_to_an_API_that_rejects_every_token_refresh_the_accounts_token_once()
    {
        await host.AuthorizeAsync(GatewayHost.Account);
        var refreshes = host.WeChat.Calls.All(ComponentApis.AuthorizerToken).Count(c => c.AuthorizerAppId == GatewayHost.Account);
        var answers = await RejectingAsync(ComponentApis.CustomSend, () => host.Api.PostAsJsonAsync(
            $"{Platform}/authorizers/{GatewayHost.Account}/wechat/{ComponentApis.CustomSend}", new { touser = "oCooldown", msgtype = "text", text = new { content = "hi" } }));

        Assert.All(answers, a => Assert.Equal(WeChatErrorCodes.InvalidCredential, a));
        Assert.Equal(refreshes + 1, host.WeChat.Calls.All(ComponentApis.AuthorizerToken).Count(c => c.AuthorizerAppId == GatewayHost.Account));
    }

    /// <summary>Sends the call <see cref="Calls"/> times while WeChat answers 40001 to every call of <paramref name="api"/>; the errcodes passed through.</summary>
    private async Task<List<int>> RejectingAsync(string api, Func<Task<HttpResponseMessage>> send)
    {
        host.WeChat.Faults.Add(new Fault(FaultKind.ErrorCode, 2 * Calls, api, WeChatErrorCodes.InvalidCredential));
        try
        {
            var answers = new List<int>();
            for (var i = 0; i < Calls; i++)
            {
                using var response = await send();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32());
            }

            return answers;
        }
        finally
        {
            host.WeChat.Faults.Clear();
        }
    }
}
