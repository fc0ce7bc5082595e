using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Support;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>The contract's "Acting for accounts": web-page OAuth, mini-program login, JS-SDK, the platform proxy.</summary>
public sealed class ActingTests(LoggedGatewayHost host) : IClassFixture<LoggedGatewayHost>
{
    private const string Component = GatewayHost.ComponentAppId;
    private const string OfficialAccount = GatewayHost.Account;
    private const string MiniProgram = GatewayHost.MiniProgram;
    private const string Unbound = "wx5a4db0acc0000002";

    private static string Api(string account) => $"/api/components/{Component}/authorizers/{account}";

    [Fact]
    public async Task The_authorize_url_sends_the_user_to_the_accounts_web_page_authorization()
    {
        await host.AuthorizeAsync(OfficialAccount);

        var answer = await host.Api.GetFromJsonAsync<JsonElement>($"{Api(OfficialAccount)}/oauth/authorize-url?redirect_uri={Uri.EscapeDataString("https://shop.example/cb?x=1")}&scope=snsapi_userinfo&state=s1");
        var url = new Uri(answer.GetProperty("url").GetString()!);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);

        Assert.Equal("/connect/oauth2/authorize", url.AbsolutePath);
        Assert.Equal((OfficialAccount, Component, "https://shop.example/cb?x=1", "snsapi_userinfo", "s1", "code"),
            (query["appid"], query["component_appid"], query["redirect_uri"], query["scope"], query["state"], query["response_type"]));
        Assert.Equal("#wechat_redirect", url.Fragment);

        using var badScope = await host.Api.GetAsync($"{Api(OfficialAccount)}/oauth/authorize-url?redirect_uri=https%3A%2F%2Fshop.example%2F&scope=snsapi_all");
        using var noRedirect = await host.Api.GetAsync($"{Api(OfficialAccount)}/oauth/authorize-url");
        using var unknown = await host.Api.GetAsync($"{Api("wx5a4db0acc00000ff")}/oauth/authorize-url?redirect_uri=https%3A%2F%2Fshop.example%2F");
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (badScope.StatusCode, noRedirect.StatusCode, unknown.StatusCode));
    }

    [Fact]
    public async Task A_web_page_code_is_exchanged_once_for_the_users_openid_unionid_and_tokens_which_refresh()
    {
        await host.AuthorizeAsync(OfficialAccount);
        var (code, openId) = await OAuthCodeAsync(OfficialAccount);

        using var exchanged = await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/oauth/token", new { code });
        var user = await exchanged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.Equal(openId, user.GetProperty("openid").GetString());
        Assert.False(string.IsNullOrEmpty(user.GetProperty("unionid").GetString()));
        Assert.Equal("snsapi_base", user.GetProperty("scope").GetString());
        Assert.InRange(user.GetProperty("expires_at").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(115), TimeSpan.FromMinutes(121));

        using var again = await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/oauth/token", new { code });
        await AssertWeChatProblemAsync(again, HttpStatusCode.BadRequest, WeChatErrorCodes.UserCodeUsed, "code_rejected");

        using var refreshed = await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/oauth/refresh", new { refresh_token = user.GetProperty("refresh_token").GetString() });
        var renewed = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(openId, renewed.GetProperty("openid").GetString());
        Assert.NotEqual(user.GetProperty("access_token").GetString(), renewed.GetProperty("access_token").GetString());

        using var badRefresh = await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/oauth/refresh", new { refresh_token = "not-a-refresh-token" });
        await AssertWeChatProblemAsync(badRefresh, HttpStatusCode.BadRequest, WeChatErrorCodes.InvalidOAuthRefreshToken, "code_rejected");

        var logged = host.LoggedText();
        Assert.DoesNotContain(code, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(user.GetProperty("access_token").GetString()!, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(user.GetProperty("refresh_token").GetString()!, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_are_clear_problems_another_accounts_code_an_account_without_binding_a_missing_code_a_mini_program()
    {
        await host.AuthorizeAsync(OfficialAccount);
        await host.AuthorizeAsync(Unbound);
        await host.AuthorizeAsync(MiniProgram);
        var (othersCode, _) = await OAuthCodeAsync(OfficialAccount);
        var (ownCode, _) = await OAuthCodeAsync(Unbound);

        using var others = await host.Api.PostAsJsonAsync($"{Api(Unbound)}/oauth/token", new { code = othersCode });
        await AssertWeChatProblemAsync(others, HttpStatusCode.BadRequest, WeChatErrorCodes.InvalidUserCode, "code_rejected");

        var unbound = await host.Api.PostAsJsonAsync($"{Api(Unbound)}/oauth/token", new { code = ownCode });
        Assert.False((await unbound.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("unionid", out _));

        using var missing = await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/oauth/token", new { });
        using var miniProgram = await host.Api.PostAsJsonAsync($"{Api(MiniProgram)}/oauth/token", new { code = "x" });
        using var unknown = await host.Api.PostAsJsonAsync($"{Api("wx5a4db0acc00000ff")}/oauth/token", new { code = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, miniProgram.StatusCode);
        Assert.Equal("wrong_account_kind", (await miniProgram.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problem").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_rejected_component_token_is_refreshed_once_and_the_exchange_sent_again()
    {
        await host.AuthorizeAsync(OfficialAccount);
        var token = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/token");
        host.WeChat.Tokens.Invalidate(token.GetProperty("access_token").GetString()!);
        var refreshes = host.WeChat.Calls.Count(ComponentApis.ComponentToken);
        var (code, openId) = await OAuthCodeAsync(OfficialAccount);

        using var exchanged = await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/oauth/token", new { code });

        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.Equal(openId, (await exchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("openid").GetString());
        Assert.Equal(refreshes + 1, host.WeChat.Calls.Count(ComponentApis.ComponentToken));
    }

    [Fact]
    public async Task A_mini_program_user_logs_in_and_the_session_key_is_never_logged()
    {
        // The official account must be one the gateway knows, whichever test of the class runs first: its
        // jscode2session is refused for its kind (400), not as an unknown account (404).
        await host.AuthorizeAsync(OfficialAccount);
        await host.AuthorizeAsync(MiniProgram);
        var login = await ControlAsync(MiniProgram, "login-codes", new { });

        using var response = await host.Api.PostAsJsonAsync($"{Api(MiniProgram)}/jscode2session", new { js_code = login.GetProperty("js_code").GetString() });
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(login.GetProperty("open_id").GetString(), session.GetProperty("openid").GetString());
        Assert.False(string.IsNullOrEmpty(session.GetProperty("unionid").GetString()));
        var sessionKey = session.GetProperty("session_key").GetString()!;
        Assert.False(string.IsNullOrEmpty(sessionKey));

        using var reused = await host.Api.PostAsJsonAsync($"{Api(MiniProgram)}/jscode2session", new { js_code = login.GetProperty("js_code").GetString() });
        await AssertWeChatProblemAsync(reused, HttpStatusCode.BadRequest, WeChatErrorCodes.UserCodeUsed, "code_rejected");
        using var official = await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/jscode2session", new { js_code = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, official.StatusCode);
        Assert.DoesNotContain(sessionKey, host.LoggedText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_WeChat_says_61003_the_mini_program_is_recorded_unauthorized_and_its_token_is_gone()
    {
        await host.AuthorizeAsync(MiniProgram);
        await FaultAsync(ComponentApis.JsCodeToSession, "error_code", errcode: WeChatErrorCodes.ComponentNotAuthorized);

        using var refused = await host.Api.PostAsJsonAsync($"{Api(MiniProgram)}/jscode2session", new { js_code = "any-code" });
        await AssertWeChatProblemAsync(refused, HttpStatusCode.BadGateway, WeChatErrorCodes.ComponentNotAuthorized, "unauthorized");

        using var token = await host.Api.GetAsync($"{Api(MiniProgram)}/token");
        using var next = await host.Api.PostAsJsonAsync($"{Api(MiniProgram)}/jscode2session", new { js_code = "any-code" });
        Assert.Equal(HttpStatusCode.Gone, token.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, next.StatusCode);
        await host.AuthorizeAsync(MiniProgram);
    }

    [Fact]
    public async Task WeChat_down_is_a_502_problem_to_retry()
    {
        await host.AuthorizeAsync(MiniProgram);
        await FaultAsync(ComponentApis.JsCodeToSession, "http500", count: 10);
        try
        {
            using var response = await host.Api.PostAsJsonAsync($"{Api(MiniProgram)}/jscode2session", new { js_code = "any-code" });
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Equal("wechat_unavailable", problem.GetProperty("problem").GetString());
            Assert.NotNull(response.Headers.RetryAfter);
        }
        finally
        {
            using var cleared = await host.Http.DeleteAsync("/sandbox/api/faults");
        }
    }

    [Fact]
    public async Task The_jsapi_signature_is_the_sha1_of_the_current_ticket_nonce_timestamp_and_url_without_fragment()
    {
        await host.AuthorizeAsync(OfficialAccount);
        const string page = "https://shop.example/p?id=1#section";

        var config = await (await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/jsapi-signature", new { url = page })).Content.ReadFromJsonAsync<JsonElement>();
        var ticket = (await host.Api.GetFromJsonAsync<JsonElement>($"{Api(OfficialAccount)}/jsapi-ticket")).GetProperty("ticket").GetString();

        var signed = $"jsapi_ticket={ticket}&noncestr={config.GetProperty("nonce_str").GetString()}&timestamp={config.GetProperty("timestamp").GetInt64()}&url=https://shop.example/p?id=1";
        Assert.Equal(OfficialAccount, config.GetProperty("app_id").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(signed))), config.GetProperty("signature").GetString());
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - config.GetProperty("timestamp").GetInt64(), 0, 5);

        using var noUrl = await host.Api.PostAsJsonAsync($"{Api(OfficialAccount)}/jsapi-signature", new { url = "/relative" });
        Assert.Equal(HttpStatusCode.BadRequest, noUrl.StatusCode);
    }

    [Fact]
    public async Task The_card_ticket_is_its_own_ticket()
    {
        await host.AuthorizeAsync(OfficialAccount);

        var card = await host.Api.GetFromJsonAsync<JsonElement>($"{Api(OfficialAccount)}/card-ticket");
        var jsApi = await host.Api.GetFromJsonAsync<JsonElement>($"{Api(OfficialAccount)}/jsapi-ticket");

        Assert.NotEqual(jsApi.GetProperty("ticket").GetString(), card.GetProperty("ticket").GetString());
        Assert.Equal(Sandbox.State.TokenKind.CardTicket, host.WeChat.Tokens.Find(card.GetProperty("ticket").GetString()!)!.Kind);
    }

    [Fact]
    public async Task A_platform_level_call_carries_the_component_token_in_the_parameter_the_caller_names()
    {
        var answer = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/wechat/wxa/gettemplatelist?access_token=anything&template_type=0");
        var defaulted = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/wechat/wxa/gettemplatedraftlist");

        Assert.Equal(0, answer.GetProperty("errcode").GetInt32());
        Assert.NotEmpty(answer.GetProperty("template_list").EnumerateArray());
        Assert.Equal(0, defaulted.GetProperty("errcode").GetInt32());
        var call = host.WeChat.Calls.All(ComponentApis.TemplateList).Last();
        Assert.Equal(0, call.ErrorCode);
    }

    private async Task<(string Code, string OpenId)> OAuthCodeAsync(string account)
    {
        var issued = await ControlAsync(account, "oauth-codes", new { });
        return (issued.GetProperty("code").GetString()!, issued.GetProperty("open_id").GetString()!);
    }

    private async Task<JsonElement> ControlAsync(string account, string what, object body)
    {
        using var response = await host.Http.PostAsJsonAsync($"/sandbox/api/components/{Component}/authorizations/{account}/{what}", body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task FaultAsync(string api, string kind, int count = 1, int? errcode = null)
    {
        using var response = await host.Http.PostAsJsonAsync("/sandbox/api/faults", new { kind, count, api, errcode });
        response.EnsureSuccessStatusCode();
    }

    private static async Task AssertWeChatProblemAsync(HttpResponseMessage response, HttpStatusCode status, int errcode, string problem)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((errcode, problem), (body.GetProperty("errcode").GetInt32(), body.GetProperty("problem").GetString()));
    }
}
