using WeChat.Api;
using WeChat.Tests.Support;
using WeChat.Xml;

namespace WeChat.Tests.SandboxTests;

/// <summary>The sandbox keeps WeChat's token rules: expiry, the 5-minute overlap, single-use codes, refresh tokens.</summary>
public class TokenSemanticsTests
{
    [Fact]
    public async Task A_superseded_component_token_works_for_five_minutes_then_is_not_latest()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var old = await scenario.ComponentTokenAsync(client);
        var current = await scenario.ComponentTokenAsync(client);

        await client.CreatePreAuthCodeAsync(old, TestComponent.AppId);
        scenario.Time.Advance(TimeSpan.FromMinutes(5));
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(old, TestComponent.AppId));
        await client.CreatePreAuthCodeAsync(current, TestComponent.AppId);

        Assert.Equal(WeChatErrorCodes.InvalidCredential, error.ErrorCode);
    }

    [Fact]
    public async Task A_component_token_expires_after_its_lifetime()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.ComponentTokenLifetime = TimeSpan.FromSeconds(30));
        var client = scenario.Client();
        var ticket = await scenario.ReceiveTicketAsync(client);
        var token = await client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, ticket);

        scenario.Time.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(token.ComponentAccessToken, TestComponent.AppId));

        Assert.Equal(30, token.ExpiresIn);
        Assert.Equal(WeChatErrorCodes.AccessTokenExpired, error.ErrorCode);
    }

    [Fact]
    public async Task An_authorization_code_is_exchanged_once_and_expires()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var code = await scenario.AuthorizeAsync();
        var lateCode = await scenario.AuthorizeAsync(TestComponent.MiniProgram);

        await client.QueryAuthAsync(token, TestComponent.AppId, code);
        var reused = await Assert.ThrowsAsync<WeChatApiException>(() => client.QueryAuthAsync(token, TestComponent.AppId, code));
        scenario.Time.Advance(TimeSpan.FromMinutes(10));
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.QueryAuthAsync(scenario.ComponentTokenAsync(client).Result, TestComponent.AppId, lateCode));

        Assert.Equal(WeChatErrorCodes.CodeInvalid, reused.ErrorCode);
        Assert.Equal(WeChatErrorCodes.CodeExpired, expired.ErrorCode);
    }

    [Fact]
    public async Task A_rotated_refresh_token_is_handed_back_and_the_old_one_dies_after_the_grace_period()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var first = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo.AuthorizerRefreshToken!;
        await scenario.ControlAsync($"components/{TestComponent.AppId}/authorizations/{TestComponent.OfficialAccount}/refresh-token/rotate");

        var rotated = (await client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, first)).AuthorizerRefreshToken!;
        await client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, first);
        scenario.Time.Advance(TimeSpan.FromMinutes(5));
        token = await scenario.ComponentTokenAsync(client);
        var dead = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, first));
        var stillGood = await client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, rotated);

        Assert.NotEqual(first, rotated);
        Assert.Equal(WeChatErrorKind.RefreshTokenInvalid, dead.Kind);
        Assert.Equal(rotated, stillGood.AuthorizerRefreshToken);
    }

    [Fact]
    public async Task Revoking_pushes_unauthorized_kills_the_tokens_and_answers_61003_to_a_refresh()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;

        await scenario.ControlAsync($"components/{TestComponent.AppId}/authorizations/{TestComponent.OfficialAccount}/revoke");
        var push = await scenario.Receiver.NextAsync<UnauthorizedPush>();
        var refresh = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, auth.AuthorizerRefreshToken!));
        var use = await Assert.ThrowsAsync<WeChatApiException>(() => client.SendCustomTextMessageAsync(auth.AuthorizerAccessToken!, "openid", "hi"));

        Assert.Equal(TestComponent.OfficialAccount, push.AuthorizerAppId);
        Assert.Equal((WeChatErrorCodes.ComponentNotAuthorized, WeChatErrorKind.AccountNotAuthorized), (refresh.ErrorCode, refresh.Kind));
        Assert.Equal(WeChatErrorKind.TokenRejected, use.Kind);
    }

    [Fact]
    public async Task Authorizing_again_pushes_updateauthorized_with_a_new_refresh_token()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var first = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;
        await scenario.Receiver.NextAsync<AuthorizationPush>();

        var code = await scenario.AuthorizeAsync();
        var update = await scenario.Receiver.NextAsync<AuthorizationPush>();
        var second = (await client.QueryAuthAsync(token, TestComponent.AppId, code)).AuthorizationInfo;

        Assert.True(update.IsUpdate);
        Assert.Equal(code, update.AuthorizationCode);
        Assert.NotEqual(first.AuthorizerRefreshToken, second.AuthorizerRefreshToken);
    }

    [Fact]
    public async Task An_authorizer_token_is_refused_by_component_apis()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(auth.AuthorizerAccessToken!, TestComponent.AppId));

        Assert.Equal(WeChatErrorCodes.MustUseComponentToken, error.ErrorCode);
    }

    [Fact]
    public async Task A_jsapi_ticket_is_issued_for_an_authorizer_token()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;

        var ticket = await client.GetTicketAsync(auth.AuthorizerAccessToken!, AccountTicketType.JsApi);
        var refused = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetTicketAsync(token, AccountTicketType.JsApi));

        Assert.Equal(7200, ticket.ExpiresIn);
        Assert.NotEmpty(ticket.Ticket);
        Assert.Equal(WeChatErrorKind.TokenRejected, refused.Kind);
    }
}
