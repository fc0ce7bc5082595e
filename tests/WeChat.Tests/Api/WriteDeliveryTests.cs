using Sandbox.CodeManagement;
using WeChat.Api;
using WeChat.Api.Wire;
using WeChat.Tests.Support;

namespace WeChat.Tests.Api;

/// <summary>
/// Writes that change something at WeChat go out once, whatever answer comes back: a repeat after a lost answer
/// could commit, release or roll back twice. Reads and token APIs are still retried.
/// </summary>
public class WriteDeliveryTests
{
    public static TheoryData<string> Writes =>
    [
        CodeManagementApis.Commit, CodeManagementApis.SubmitAudit, CodeManagementApis.UndoAudit, CodeManagementApis.Release,
        CodeManagementApis.GrayRelease, CodeManagementApis.RevertCodeRelease, ComponentApis.CustomSend, ComponentApis.ClearQuota,
    ];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_answered_with_http_500_reaches_WeChat_once_and_surfaces_as_transient(string api)
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        var client = code.Scenario.Client(transientRetries: 3);
        await code.Scenario.ControlAsync("faults", new { kind = "http500", count = 4, api });

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => WriteAsync(client, api, code.AuthorizerToken));

        Assert.Equal(WeChatErrorKind.Transient, error.Kind);
        Assert.Single(code.World.Calls.All(api));
    }

    [Fact]
    public async Task A_commit_whose_answer_is_late_surfaces_as_a_timeout_and_is_not_sent_again()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        var client = code.Scenario.Client(transientRetries: 3, requestTimeout: TimeSpan.FromMilliseconds(300));
        await code.Scenario.ControlAsync("faults", new { kind = "delay", count = 1, api = CodeManagementApis.Commit, delay_ms = 1_000 });

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => WriteAsync(client, CodeManagementApis.Commit, code.AuthorizerToken));

        // The one delayed attempt was abandoned (the sandbox drops it with the connection); a retry would have committed.
        Assert.Equal(WeChatErrorKind.Transient, error.Kind);
        Assert.Contains("no answer within", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(code.World.Calls.All(CodeManagementApis.Commit));
        Assert.Null(code.World.Versions.Change(TestComponent.MiniProgram, p => p.Experience));
    }

    [Fact]
    public async Task A_read_and_a_token_refresh_are_retried_after_http_500()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        var client = code.Scenario.Client(transientRetries: 3);
        var codeClient = (ICodeManagementApi)client;
        await code.Scenario.ControlAsync("faults", new { kind = "http500", count = 2, api = CodeManagementApis.QueryQuota });
        await code.Scenario.ControlAsync("faults", new { kind = "http500", count = 1, api = ComponentApis.AuthorizerToken });
        var refreshToken = code.World.Authorizations.Find(TestComponent.AppId, TestComponent.MiniProgram)!.RefreshToken;

        var quota = await codeClient.QueryQuotaAsync(code.AuthorizerToken);
        var refreshed = await client.RefreshAuthorizerTokenAsync(code.ComponentToken, TestComponent.AppId, TestComponent.MiniProgram, refreshToken);

        Assert.True(quota.Limit > 0);
        Assert.NotEmpty(refreshed.AuthorizerAccessToken);
        Assert.Equal([-1, -1, 0], code.World.Calls.All(CodeManagementApis.QueryQuota).Select(c => c.ErrorCode));
        Assert.Equal([-1, 0], code.World.Calls.All(ComponentApis.AuthorizerToken).Select(c => c.ErrorCode));
    }

    private static Task WriteAsync(IComponentApi client, string api, string token)
    {
        var code = (ICodeManagementApi)client;
        return api switch
        {
            CodeManagementApis.Commit => code.CommitAsync(token, new CodeCommitRequest(1, "{}", "1.0.0", "first")),
            CodeManagementApis.SubmitAudit => code.SubmitAuditAsync(token, null),
            CodeManagementApis.UndoAudit => code.UndoAuditAsync(token),
            CodeManagementApis.Release => code.ReleaseAsync(token),
            CodeManagementApis.GrayRelease => code.GrayReleaseAsync(token, new GrayReleaseRequest(10)),
            CodeManagementApis.RevertCodeRelease => code.RevertCodeReleaseAsync(token),
            ComponentApis.CustomSend => client.SendCustomTextMessageAsync(token, "an-openid", "hello"),
            ComponentApis.ClearQuota => client.ClearQuotaAsync(token, TestComponent.MiniProgram),
            _ => throw new ArgumentOutOfRangeException(nameof(api), api, null),
        };
    }
}
