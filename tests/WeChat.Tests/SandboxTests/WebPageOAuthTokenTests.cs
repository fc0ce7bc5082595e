using System.Net;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>sns/oauth2/component/access_token and refresh_token: a platform turns a user's OAuth code into their tokens.</summary>
public class WebPageOAuthTokenTests
{
    [Fact]
    public async Task An_oauth_code_is_exchanged_once_then_says_code_been_used()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var issued = await scenario.OAuthCodeAsync(request: new { scope = OAuthScopes.UserInfo });

        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, issued.Code);
        var again = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, issued.Code));

        Assert.Equal(issued.OpenId, tokens.OpenId);
        Assert.Equal(OAuthScopes.UserInfo, tokens.Scope);
        Assert.Equal((WeChatErrorCodes.UserCodeUsed, WeChatErrorKind.UserCodeRejected), (again.ErrorCode, again.Kind));
        Assert.StartsWith("code been used rid:", again.ErrorMessage);
    }

    [Fact]
    public async Task An_oauth_code_expires_after_five_minutes()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var late = await scenario.OAuthCodeAsync();
        scenario.Time.Advance(TimeSpan.FromMinutes(4));
        var inTime = await scenario.OAuthCodeAsync();

        scenario.Time.Advance(TimeSpan.FromMinutes(1));
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, late.Code));
        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, inTime.Code);

        Assert.Equal((WeChatErrorCodes.InvalidUserCode, WeChatErrorKind.UserCodeRejected), (expired.ErrorCode, expired.Kind));
        Assert.Equal(inTime.OpenId, tokens.OpenId);
    }

    [Fact]
    public async Task Another_accounts_code_is_invalid_and_stays_usable_by_its_own()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.OfficialAccount);
        await scenario.AuthorizeAsync(TestComponent.UnboundOfficialAccount);
        var issued = await scenario.OAuthCodeAsync(TestComponent.OfficialAccount);

        var wrong = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.UnboundOfficialAccount, issued.Code));
        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, issued.Code);

        Assert.Equal(WeChatErrorCodes.InvalidUserCode, wrong.ErrorCode);
        Assert.Equal(issued.OpenId, tokens.OpenId);
    }

    [Fact]
    public async Task One_user_has_an_openid_per_account_and_a_unionid_only_where_the_account_is_bound()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.OfficialAccount);
        await scenario.AuthorizeAsync(TestComponent.UnboundOfficialAccount);
        var bound = await scenario.OAuthCodeAsync(TestComponent.OfficialAccount);
        var unbound = await scenario.OAuthCodeAsync(TestComponent.UnboundOfficialAccount, new { user_id = bound.UserId });
        var boundAgain = await scenario.OAuthCodeAsync(TestComponent.OfficialAccount, new { open_id = bound.OpenId });

        var first = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, bound.Code);
        var other = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.UnboundOfficialAccount, unbound.Code);
        var second = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, boundAgain.Code);

        Assert.NotEqual(first.OpenId, other.OpenId);
        Assert.Equal((first.OpenId, first.UnionId), (second.OpenId, second.UnionId));
        Assert.NotNull(first.UnionId);
        Assert.Null(other.UnionId);
        Assert.Equal(bound.UserId, boundAgain.UserId);
    }

    [Fact]
    public async Task A_refresh_gives_a_new_access_token_for_the_same_user_and_the_same_refresh_token()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount,
            (await scenario.OAuthCodeAsync(request: new { scope = "snsapi_base,snsapi_userinfo" })).Code);

        var refreshed = await client.RefreshOAuthTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, tokens.RefreshToken);

        Assert.NotEqual(tokens.AccessToken, refreshed.AccessToken);
        Assert.Equal(tokens.RefreshToken, refreshed.RefreshToken);
        Assert.Equal((tokens.OpenId, tokens.UnionId, "snsapi_base,snsapi_userinfo", 7200), (refreshed.OpenId, refreshed.UnionId, refreshed.Scope, refreshed.ExpiresIn));
    }

    [Fact]
    public async Task A_refresh_token_unknown_or_of_another_account_is_40030_and_after_30_days_42002()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync(TestComponent.OfficialAccount);
        await scenario.AuthorizeAsync(TestComponent.UnboundOfficialAccount);
        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, (await scenario.OAuthCodeAsync()).Code);

        var unknown = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.RefreshOAuthTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, "no-such-refresh-token"));
        var foreign = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.RefreshOAuthTokenAsync(token, TestComponent.AppId, TestComponent.UnboundOfficialAccount, tokens.RefreshToken));
        scenario.Time.Advance(TimeSpan.FromDays(30));
        token = await scenario.ComponentTokenAsync(client);
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.RefreshOAuthTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, tokens.RefreshToken));

        Assert.Equal((WeChatErrorCodes.InvalidOAuthRefreshToken, WeChatErrorKind.UserCodeRejected), (unknown.ErrorCode, unknown.Kind));
        Assert.Equal(WeChatErrorCodes.InvalidOAuthRefreshToken, foreign.ErrorCode);
        Assert.Equal((WeChatErrorCodes.OAuthRefreshTokenExpired, WeChatErrorKind.UserCodeRejected), (expired.ErrorCode, expired.Kind));
    }

    [Fact]
    public async Task An_authorizer_token_is_refused_with_48001_and_the_code_survives()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var authorizerToken = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerAccessToken!;
        var issued = await scenario.OAuthCodeAsync();

        var refused = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.ExchangeOAuthCodeAsync(authorizerToken, TestComponent.AppId, TestComponent.OfficialAccount, issued.Code));
        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, issued.Code);

        Assert.Equal((WeChatErrorCodes.ApiUnauthorized, WeChatErrorKind.Other), (refused.ErrorCode, refused.Kind));
        Assert.Equal(issued.OpenId, tokens.OpenId);
    }

    [Fact]
    public async Task After_the_account_revokes_the_platform_codes_and_refresh_tokens_get_61003()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, (await scenario.OAuthCodeAsync()).Code);
        var pending = await scenario.OAuthCodeAsync();

        await scenario.ControlAsync($"components/{TestComponent.AppId}/authorizations/{TestComponent.OfficialAccount}/revoke");
        var exchange = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, pending.Code));
        var refresh = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.RefreshOAuthTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, tokens.RefreshToken));

        Assert.Equal(WeChatErrorCodes.ComponentNotAuthorized, exchange.ErrorCode);
        Assert.Equal(WeChatErrorCodes.ComponentNotAuthorized, refresh.ErrorCode);
    }

    [Fact]
    public async Task A_system_error_is_retried_with_the_same_code_which_WeChat_had_not_used()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client(transientRetries: 2);
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.AuthorizeAsync();
        var issued = await scenario.OAuthCodeAsync();
        await scenario.ControlAsync("faults", new { kind = "system_error", count = 1, api = ComponentApis.OAuthAccessToken });

        var tokens = await client.ExchangeOAuthCodeAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, issued.Code);

        Assert.Equal(issued.OpenId, tokens.OpenId);
        Assert.Equal(new[] { -1, 0 }, scenario.World.Calls.All(ComponentApis.OAuthAccessToken).Select(c => c.ErrorCode));
        Assert.All(scenario.World.Calls.All(ComponentApis.OAuthAccessToken).Skip(1), c =>
            Assert.Equal((TestComponent.AppId, TestComponent.OfficialAccount), (c.ComponentAppId, c.AuthorizerAppId)));
    }

    [Fact]
    public async Task The_control_api_issues_oauth_codes_only_for_official_accounts_that_authorize_the_platform()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        await scenario.AuthorizeAsync(TestComponent.MiniProgram);
        var path = $"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations";

        using var miniProgram = await scenario.Http.PostAsJsonAsync($"{path}/{TestComponent.MiniProgram}/oauth-codes", new { });
        using var unauthorized = await scenario.Http.PostAsJsonAsync($"{path}/{TestComponent.OfficialAccount}/oauth-codes", new { });
        using var unknown = await scenario.Http.PostAsJsonAsync($"{path}/wx7e57acc0000000ff/oauth-codes", new { });

        Assert.Equal(HttpStatusCode.BadRequest, miniProgram.StatusCode);
        Assert.Equal("application/problem+json", miniProgram.Content.Headers.ContentType?.MediaType);
        Assert.Contains("login-codes", await miniProgram.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
