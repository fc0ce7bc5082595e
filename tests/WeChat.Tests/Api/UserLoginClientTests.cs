using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.Api;

/// <summary>What the client does with users' codes, tokens and session keys: they reach WeChat and nowhere else.</summary>
public class UserLoginClientTests
{
    [Fact]
    public async Task Codes_user_tokens_and_session_keys_stay_out_of_logs_exceptions_and_printed_responses()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.OfficialAccount);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var oauthCode = (await scenario.OAuthCodeAsync()).Code;
        var jsCode = (await scenario.LoginCodeAsync()).Code;

        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, oauthCode);
        var refreshed = await client.RefreshOAuthTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, tokens.RefreshToken);
        var session = await client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, jsCode);
        var reused = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, oauthCode));
        var reusedJs = await Assert.ThrowsAsync<WeChatApiException>(() => client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, jsCode));
        var unknown = await Assert.ThrowsAsync<WeChatApiException>(() => client.RefreshOAuthTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, "refresh-secret-0001"));

        string[] secrets = [oauthCode, jsCode, tokens.AccessToken, tokens.RefreshToken, refreshed.AccessToken, session.SessionKey, "refresh-secret-0001", token];
        string[] printed = [reused.ToString(), reusedJs.ToString(), unknown.ToString(), tokens.ToString(), refreshed.ToString(), session.ToString()];
        Assert.NotEmpty(scenario.Logs.Lines);
        Assert.All(secrets, secret =>
        {
            Assert.DoesNotContain(scenario.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(printed, text => text.Contains(secret, StringComparison.Ordinal));
        });
        Assert.Contains(session.OpenId, session.ToString());
        Assert.Contains(tokens.OpenId, tokens.ToString());
    }

    [Fact]
    public async Task The_sns_apis_check_the_platforms_ip_whitelist_and_quota()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client(transientRetries: 3);
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var issued = await scenario.LoginCodeAsync();
        await scenario.ControlAsync("quota/exhaust", new { appid = TestComponent.AppId, api = ComponentApis.JsCodeToSession });

        var quota = await Assert.ThrowsAsync<WeChatApiException>(() => client.JsCodeToSessionAsync(token, TestComponent.AppId, TestComponent.MiniProgram, issued.Code));
        scenario.World.Options.Components[0].AllowedClientIps = ["203.0.113.7"];
        var outsider = await Assert.ThrowsAsync<WeChatApiException>(() => client.RefreshOAuthTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, "r"));

        Assert.Equal((WeChatErrorCodes.DailyQuotaReached, WeChatErrorKind.Quota), (quota.ErrorCode, quota.Kind));
        Assert.Single(scenario.World.Calls.All(ComponentApis.JsCodeToSession));
        Assert.Equal((WeChatErrorCodes.ClientIpNotRegistered, WeChatErrorKind.IpNotWhitelisted), (outsider.ErrorCode, outsider.Kind));
    }

    [Fact]
    public async Task An_unknown_platform_a_wrong_grant_type_and_an_expired_token_are_refused_and_leave_the_code_usable()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var issued = await scenario.OAuthCodeAsync();
        var rawUrl = $"{scenario.Sandbox.BaseUrl}/{ComponentApis.OAuthAccessToken}?appid={TestComponent.OfficialAccount}&code={issued.Code}" +
            $"&grant_type=client_credential&component_appid={TestComponent.AppId}&component_access_token={token}";

        var wrongGrant = await scenario.Http.GetFromJsonAsync<System.Text.Json.JsonElement>(rawUrl);
        var unknownPlatform = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeOAuthCodeAsync(token, "wx0000000000000000", TestComponent.OfficialAccount, issued.Code));
        await scenario.ControlAsync("tokens/expire", new { token });
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, issued.Code));
        var tokens = await client.ExchangeOAuthCodeAsync(await scenario.ComponentTokenAsync(client), TestComponent.AppId, TestComponent.OfficialAccount, issued.Code);

        Assert.Equal(WeChatErrorCodes.InvalidGrantType, wrongGrant.GetProperty("errcode").GetInt32());
        Assert.Equal(WeChatErrorCodes.InvalidAppId, unknownPlatform.ErrorCode);
        Assert.Equal((WeChatErrorCodes.AccessTokenExpired, WeChatErrorKind.TokenRejected), (expired.ErrorCode, expired.Kind));
        Assert.Equal(issued.OpenId, tokens.OpenId);
    }
}
