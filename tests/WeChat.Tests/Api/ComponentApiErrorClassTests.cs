using Sandbox.State;
using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.Api;

/// <summary>How the API client classifies each kind of WeChat failure, observed against the sandbox.</summary>
public class ComponentApiErrorClassTests
{
    [Fact]
    public async Task System_errors_are_retried_and_the_call_then_succeeds()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client(transientRetries: 3);
        var ticket = await scenario.ReceiveTicketAsync(client);
        scenario.World.Faults.Add(new Fault(FaultKind.SystemError, 2, ComponentApis.ComponentToken));

        var token = await client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, ticket);

        Assert.NotEmpty(token.ComponentAccessToken);
        Assert.Equal(3, scenario.World.Calls.All(ComponentApis.ComponentToken).Count);
    }

    [Theory]
    [InlineData(FaultKind.SystemError)]
    [InlineData(FaultKind.Http500)]
    public async Task Persistent_transient_failures_are_reported_after_the_retries(FaultKind kind)
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client(transientRetries: 2);
        var ticket = await scenario.ReceiveTicketAsync(client);
        scenario.World.Faults.Add(new Fault(kind, 10, ComponentApis.ComponentToken));

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, ticket));

        Assert.Equal(WeChatErrorKind.Transient, error.Kind);
        Assert.Equal(kind == FaultKind.SystemError ? -1 : null, error.ErrorCode);
        Assert.Equal(3, scenario.World.Calls.All(ComponentApis.ComponentToken).Count);
    }

    [Fact]
    public async Task A_slow_answer_is_a_transient_timeout()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        // The ticket comes through a client with the normal timeout, so a busy machine cannot fail the setup.
        var ticket = await scenario.ReceiveTicketAsync(scenario.Client());
        var client = scenario.Client(transientRetries: 0, requestTimeout: TimeSpan.FromMilliseconds(300));
        scenario.World.Faults.Add(new Fault(FaultKind.Delay, 1, ComponentApis.ComponentToken, Delay: TimeSpan.FromSeconds(5)));

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, ticket));

        Assert.Equal(WeChatErrorKind.Transient, error.Kind);
        Assert.Contains("no answer", error.Message);
    }

    [Fact]
    public async Task An_unreachable_server_is_transient_and_the_token_stays_out_of_the_error()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client(transientRetries: 1, apiBaseUrl: "http://127.0.0.1:9");

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync("secret-component-token", TestComponent.AppId));

        Assert.Equal(WeChatErrorKind.Transient, error.Kind);
        Assert.DoesNotContain("secret-component-token", error.ToString());
        Assert.DoesNotContain(scenario.Logs.Lines, l => l.Contains("secret-component-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalidated_expired_and_unknown_tokens_are_token_rejections()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var invalidated = await scenario.ComponentTokenAsync(client);
        await scenario.ControlAsync("tokens/invalidate", new { token = invalidated });
        var expired = await scenario.ComponentTokenAsync(client);
        await scenario.ControlAsync("tokens/expire", new { token = expired });

        var e1 = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(invalidated, TestComponent.AppId));
        var e2 = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(expired, TestComponent.AppId));
        var e3 = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync("1_no-such-token", TestComponent.AppId));

        Assert.Equal((40001, WeChatErrorKind.TokenRejected), (e1.ErrorCode, e1.Kind));
        Assert.Equal((42001, WeChatErrorKind.TokenRejected), (e2.ErrorCode, e2.Kind));
        Assert.Equal((40001, WeChatErrorKind.TokenRejected), (e3.ErrorCode, e3.Kind));
        Assert.DoesNotContain(scenario.Logs.Lines, l => l.Contains(expired, StringComparison.Ordinal) || l.Contains(invalidated, StringComparison.Ordinal));
        Assert.DoesNotContain(expired, e2.ToString());
    }

    [Fact]
    public async Task A_refused_refresh_token_is_refresh_token_invalid()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        var auth = (await client.QueryAuthAsync(token, TestComponent.AppId, await scenario.AuthorizeAsync())).AuthorizationInfo;
        await scenario.ControlAsync($"components/{TestComponent.AppId}/authorizations/{TestComponent.OfficialAccount}/refresh-token/invalidate");

        var error = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.RefreshAuthorizerTokenAsync(token, TestComponent.AppId, TestComponent.OfficialAccount, auth.AuthorizerRefreshToken!));

        Assert.Equal((61023, WeChatErrorKind.RefreshTokenInvalid), (error.ErrorCode, error.Kind));
    }

    [Fact]
    public async Task Unknown_and_expired_tickets_are_ticket_problems()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var ticket = await scenario.ReceiveTicketAsync(client);

        var unknown = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, "ticket@@@forged"));
        scenario.Time.Advance(TimeSpan.FromHours(12));
        var expired = await Assert.ThrowsAsync<WeChatApiException>(() =>
            client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, ticket));

        Assert.Equal((61006, WeChatErrorKind.TicketProblem), (unknown.ErrorCode, unknown.Kind));
        Assert.Equal((61005, WeChatErrorKind.TicketProblem), (expired.ErrorCode, expired.Kind));
        Assert.DoesNotContain(scenario.Logs.Lines, l => l.Contains(ticket, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caller_outside_the_ip_whitelist_is_refused()
    {
        await using var scenario = await SandboxScenario.StartAsync((_, c) => c.AllowedClientIps = ["203.0.113.7"]);
        var client = scenario.Client();

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.StartPushTicketAsync(TestComponent.AppId, TestComponent.AppSecret));

        Assert.Equal((61004, WeChatErrorKind.IpNotWhitelisted), (error.ErrorCode, error.Kind));
    }

    [Fact]
    public async Task An_exhausted_quota_is_a_quota_error_and_is_not_retried()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client(transientRetries: 3);
        var token = await scenario.ComponentTokenAsync(client);
        await scenario.ControlAsync("quota/exhaust", new { appid = TestComponent.AppId, api = ComponentApis.CreatePreAuthCode });

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(token, TestComponent.AppId));

        Assert.Equal((45009, WeChatErrorKind.Quota), (error.ErrorCode, error.Kind));
        Assert.Single(scenario.World.Calls.All(ComponentApis.CreatePreAuthCode));
    }

    [Fact]
    public async Task A_daily_quota_runs_out_after_its_calls()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.DailyQuotas[ComponentApis.CreatePreAuthCode] = 2);
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);

        await client.CreatePreAuthCodeAsync(token, TestComponent.AppId);
        await client.CreatePreAuthCodeAsync(token, TestComponent.AppId);
        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(token, TestComponent.AppId));
        scenario.Time.Advance(TimeSpan.FromDays(1));
        var tomorrow = await client.CreatePreAuthCodeAsync(await scenario.ComponentTokenAsync(client), TestComponent.AppId);

        Assert.Equal(WeChatErrorKind.Quota, error.Kind);
        Assert.NotEmpty(tomorrow.PreAuthCode);
    }

    [Theory]
    [InlineData("wrong-secret", 40125)]
    public async Task A_wrong_secret_is_another_error(string secret, int expected)
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var ticket = await scenario.ReceiveTicketAsync(client);

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetComponentTokenAsync(TestComponent.AppId, secret, ticket));

        Assert.Equal((expected, WeChatErrorKind.Other), (error.ErrorCode, error.Kind));
        Assert.Contains("rid:", error.ErrorMessage);
    }

    [Fact]
    public async Task An_injected_error_code_is_classified_like_the_real_one()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        var client = scenario.Client();
        var token = await scenario.ComponentTokenAsync(client);
        scenario.World.Faults.Add(new Fault(FaultKind.ErrorCode, 1, ComponentApis.CreatePreAuthCode, ErrorCode: 45011));

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.CreatePreAuthCodeAsync(token, TestComponent.AppId));

        Assert.Equal((45011, WeChatErrorKind.Quota), (error.ErrorCode, error.Kind));
    }
}
