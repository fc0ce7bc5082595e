using System.Net;
using System.Text.Json;
using Sandbox.State;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>sns/component/jscode2session: a platform signs in a mini program's user with the code of wx.login.</summary>
public class JsCodeSessionTests
{
    [Fact]
    public async Task A_login_code_exchanges_for_the_users_session()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var issued = await scenario.LoginCodeAsync(request: new { open_id = "oMiniProgramUser0000000001" });

        var session = await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, issued.Code);

        Assert.Equal("oMiniProgramUser0000000001", session.OpenId);
        Assert.Equal(issued.OpenId, session.OpenId);
        Assert.Equal(16, Convert.FromBase64String(session.SessionKey).Length);
        Assert.Matches("^o[A-Za-z0-9_-]{27}$", session.UnionId);
        Assert.Equal(32, issued.Code.Length);
    }

    [Fact]
    public async Task A_login_code_is_used_once_and_lives_five_minutes()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var used = await scenario.LoginCodeAsync();
        var late = await scenario.LoginCodeAsync();

        await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, used.Code);
        var again = await Assert.ThrowsAsync<WeChatApiException>(() => client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, used.Code));
        scenario.Time.Advance(TimeSpan.FromMinutes(5));
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() => client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, late.Code));

        Assert.Equal((WeChatErrorCodes.UserCodeUsed, WeChatErrorKind.UserCodeRejected), (again.ErrorCode, again.Kind));
        Assert.Equal((WeChatErrorCodes.InvalidUserCode, WeChatErrorKind.UserCodeRejected), (expired.ErrorCode, expired.Kind));
    }

    [Fact]
    public async Task Login_codes_are_issued_in_bulk_each_for_a_new_user_unless_the_body_names_one()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var url = $"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations/{TestComponent.MiniProgram}/login-codes";

        using var strangers = await scenario.Http.PostAsJsonAsync(url + "?count=3", new { });
        using var one = await scenario.Http.PostAsJsonAsync(url + "?count=2", new { open_id = "oMiniProgramUser0000000002" });
        var issued = (await strangers.Content.ReadFromJsonAsync<JsonElement[]>())!;
        var named = (await one.Content.ReadFromJsonAsync<JsonElement[]>())!;
        var sessions = new List<string>();
        foreach (var code in issued.Concat(named))
        {
            sessions.Add((await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, code.GetProperty("js_code").GetString()!)).OpenId);
        }

        Assert.Equal(issued.Select(c => c.GetProperty("open_id").GetString()).Concat(named.Select(c => c.GetProperty("open_id").GetString())), sessions);
        Assert.Equal(3, issued.Select(c => c.GetProperty("user_id").GetString()).Distinct().Count());
        Assert.Equal(["oMiniProgramUser0000000002", "oMiniProgramUser0000000002"], named.Select(c => c.GetProperty("open_id").GetString()));
        Assert.Equal(5, sessions.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("many")]
    [InlineData("1000001")]
    public async Task A_bulk_count_outside_one_to_a_million_is_a_problem(string count)
    {
        await using var scenario = await SandboxScenario.StartAsync();

        using var refused = await scenario.Http.PostAsJsonAsync(
            $"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations/{TestComponent.MiniProgram}/login-codes?count={count}", new { });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("count must be", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_official_account_has_no_login_codes_and_gets_40029()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.OfficialAccount);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var miniProgramCode = await scenario.LoginCodeAsync();

        using var refused = await scenario.Http.PostAsJsonAsync(
            $"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations/{TestComponent.OfficialAccount}/login-codes", new { });
        var error = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, miniProgramCode.Code));
        var session = await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, miniProgramCode.Code);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WeChatErrorCodes.InvalidUserCode, error.ErrorCode);
        Assert.Equal(miniProgramCode.OpenId, session.OpenId);
    }

    [Fact]
    public async Task A_mini_program_that_does_not_or_no_longer_authorizes_the_platform_gets_61003()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var issued = await scenario.LoginCodeAsync();

        var before = await Assert.ThrowsAsync<WeChatApiException>(() => client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, issued.Code));
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var session = await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, issued.Code);
        await scenario.ControlAsync($"components/{TestComponent.AppId}/authorizations/{TestComponent.MiniProgram}/revoke");
        var afterRevoking = await scenario.LoginCodeAsync();
        var after = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, afterRevoking.Code));

        Assert.Equal((WeChatErrorCodes.ComponentNotAuthorized, WeChatErrorKind.AccountNotAuthorized), (before.ErrorCode, before.Kind));
        Assert.Equal(issued.OpenId, session.OpenId);
        Assert.Equal(WeChatErrorCodes.ComponentNotAuthorized, after.ErrorCode);
    }

    [Fact]
    public async Task One_user_has_one_unionid_across_the_bound_accounts_and_an_openid_for_each()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.OfficialAccount);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var web = await scenario.OAuthCodeAsync();
        var mini = await scenario.LoginCodeAsync(request: new { user_id = web.UserId });
        var stranger = await scenario.LoginCodeAsync();

        var oauth = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, web.Code);
        var session = await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, mini.Code);
        var other = await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, stranger.Code);

        Assert.Equal(oauth.UnionId, session.UnionId);
        Assert.NotEqual(oauth.OpenId, session.OpenId);
        Assert.NotEqual(session.UnionId, other.UnionId);
        Assert.NotEqual(session.OpenId, other.OpenId);
    }

    [Fact]
    public async Task Without_an_open_platform_binding_there_is_no_unionid()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.Accounts.Find(a => a.AppId == TestComponent.MiniProgram)!.OpenPlatformAccount = null);
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);

        var session = await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, (await scenario.LoginCodeAsync()).Code);

        Assert.Null(session.UnionId);
        Assert.NotEmpty(session.OpenId);
    }

    [Fact]
    public async Task Errors_carry_errcode_as_a_string_as_documented_and_the_client_reads_it()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var url = $"{scenario.Sandbox.BaseUrl}/{ComponentApis.JsCodeToSession}?appid={TestComponent.MiniProgram}&js_code=nope" +
            $"&grant_type=authorization_code&component_appid={TestComponent.AppId}&component_access_token={token}";

        var raw = await scenario.Http.GetFromJsonAsync<JsonElement>(url);
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, "nope"));

        Assert.Equal(JsonValueKind.String, raw.GetProperty("errcode").ValueKind);
        Assert.Equal("40029", raw.GetProperty("errcode").GetString());
        Assert.StartsWith("invalid code rid:", raw.GetProperty("errmsg").GetString());
        Assert.Equal((WeChatErrorCodes.InvalidUserCode, WeChatErrorKind.UserCodeRejected), (error.ErrorCode, error.Kind));
    }

    [Fact]
    public async Task Injected_faults_apply_and_a_retried_code_still_works()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client(transientRetries: 1);
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var issued = await scenario.LoginCodeAsync();
        scenario.World.Faults.Add(new Fault(FaultKind.ErrorCode, 1, ComponentApis.JsCodeToSession, ErrorCode: WeChatErrorCodes.MinuteQuotaReached));
        scenario.World.Faults.Add(new Fault(FaultKind.Http500, 1, ComponentApis.JsCodeToSession));

        var quota = await Assert.ThrowsAsync<WeChatApiException>(() => client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, issued.Code));
        var session = await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, issued.Code);

        Assert.Equal((WeChatErrorCodes.MinuteQuotaReached, WeChatErrorKind.Quota), (quota.ErrorCode, quota.Kind));
        Assert.Equal(issued.OpenId, session.OpenId);
        Assert.Equal(new[] { 45011, -1, 0 }, scenario.World.Calls.All(ComponentApis.JsCodeToSession).Select(c => c.ErrorCode));
    }
}
