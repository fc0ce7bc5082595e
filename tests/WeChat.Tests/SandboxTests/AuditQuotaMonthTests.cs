using Sandbox;
using Sandbox.CodeManagement;
using WeChat.Tests.Support;
using static WeChat.Tests.Support.MiniProgramCodeScenario;

namespace WeChat.Tests.SandboxTests;

/// <summary>The platform's monthly audit quota, counted per calendar month in Beijing time.</summary>
public class AuditQuotaMonthTests
{
    private const string SecondMiniProgram = "wx7e57acc000000091";

    [Fact]
    public async Task A_withdrawal_after_the_month_turned_refunds_the_month_the_audit_was_submitted_in()
    {
        // 23:50 on 31 January in Beijing; reviews take a day, so the audit is still open in February.
        await using var code = await StartAsync((o, _) =>
        {
            o.CodeManagement.RefundQuotaOnUndo = true;
            o.CodeManagement.AuditDuration = TimeSpan.FromDays(1);
            o.Accounts.Add(new SandboxAccount { AppId = SecondMiniProgram, UserName = "gh_7e57acc00091", NickName = "第二个小程序", Kind = SandboxAccountKind.MiniProgram });
        }, startAt: new DateTimeOffset(2027, 1, 31, 23, 50, 0, TimeSpan.FromHours(8)));
        await code.CommitAndSubmitAsync("1.0.0");

        code.Scenario.Time.Advance(TimeSpan.FromMinutes(20));
        var second = (await code.Scenario.Client().QueryAuthAsync(code.ComponentToken, TestComponent.AppId, await code.Scenario.AuthorizeAsync(SecondMiniProgram)))
            .AuthorizationInfo.AuthorizerAccessToken!;
        Assert.Equal(0, Code(await code.CommitAsync("2.0.0", token: second)));
        Assert.Equal(0, Code(await code.SubmitAsync(second)));
        Assert.Equal(0, Code(await code.GetAsync(CodeApis.UndoCodeAudit)));

        // February's one submission stays counted: the unit went back to January.
        Assert.Equal(19, (await code.GetAsync(CodeApis.QueryQuota)).GetProperty("rest").GetInt32());
    }
}
