using Sandbox.CodeManagement;
using WeChat.Tests.Support;
using static WeChat.Tests.Support.MiniProgramCodeScenario;

namespace WeChat.Tests.SandboxTests;

/// <summary>The whole path of a mini program's code through the sandbox: commit, submit_audit, the review's event, release.</summary>
public class CodeReleaseFlowTests
{
    [Fact]
    public async Task A_committed_version_goes_through_review_and_release_and_the_platform_hears_the_verdict()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();

        var auditId = await code.CommitAndSubmitAsync("1.4.0");
        var reviewing = await code.GetAsync(CodeApis.GetLatestAuditStatus);
        var early = await code.ReleaseAsync();
        var success = await code.PassReviewAsync("weapp_audit_success");
        var approved = await code.PostAsync(CodeApis.GetAuditStatus, new { auditid = auditId });
        var released = await code.ReleaseAsync();
        var again = await code.ReleaseAsync();
        var info = await code.PostAsync(CodeApis.GetVersionInfo, new { });

        Assert.InRange(auditId, 400_000_000, long.MaxValue);
        Assert.Equal((auditId, 2, "1.4.0"), (reviewing.GetProperty("auditid").GetInt64(), reviewing.GetProperty("status").GetInt32(), reviewing.GetProperty("user_version").GetString()));
        Assert.Equal(CodeErrors.StatusNotAllowed, Code(early));
        Assert.Equal(("gh_7e57acc00002", "event"), (success.ToUserName, success.MsgType));
        Assert.Equal(code.Scenario.Time.GetUtcNow().ToUnixTimeSeconds(), long.Parse(success.Fields["SuccTime"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(success.Fields.ContainsKey("auditid"));
        Assert.Equal(0, approved.GetProperty("status").GetInt32());
        Assert.Equal(0, Code(released));
        Assert.Equal(CodeErrors.AlreadyReleased, Code(again));
        Assert.Equal("1.4.0", info.GetProperty("release_info").GetProperty("release_version").GetString());
        Assert.Equal("1.4.0", info.GetProperty("exp_info").GetProperty("exp_version").GetString());
    }
}
