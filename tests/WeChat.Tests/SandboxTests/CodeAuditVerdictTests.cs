using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sandbox.CodeManagement;
using WeChat.Crypto;
using WeChat.Tests.Support;
using WeChat.Xml;
using static WeChat.Tests.Support.MiniProgramCodeScenario;

namespace WeChat.Tests.SandboxTests;

/// <summary>How reviews end: rejected with a reason, delayed then decided, decided now by the control API, withdrawn, expedited.</summary>
public class CodeAuditVerdictTests
{
    [Fact]
    public async Task A_rejection_set_for_the_account_is_pushed_with_its_reason_and_screenshots_and_blocks_release()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        await code.ControlAsync($"authorizations/{TestComponent.MiniProgram}/audit-verdict", new { verdict = "reject", reason = "缺少隐私协议<br>privacy" });
        var auditId = await code.CommitAndSubmitAsync();

        var fail = await code.PassReviewAsync("weapp_audit_fail");
        var latest = await code.GetAsync(CodeApis.GetLatestAuditStatus);
        var release = await code.ReleaseAsync();
        var resubmit = await code.SubmitAsync();

        Assert.Equal("缺少隐私协议<br>privacy", fail.Fields["Reason"]);
        Assert.Equal($"sandbox_screenshot_{auditId}_1|sandbox_screenshot_{auditId}_2", fail.Fields["ScreenShot"]);
        Assert.True(fail.Fields.ContainsKey("FailTime"));
        Assert.Equal((1, "缺少隐私协议<br>privacy"), (latest.GetProperty("status").GetInt32(), latest.GetProperty("reason").GetString()));
        Assert.Equal(CodeErrors.StatusNotAllowed, Code(release));
        Assert.Equal(0, Code(resubmit));
    }

    [Fact]
    public async Task A_review_whose_timer_fires_a_moment_before_it_is_due_is_armed_again_and_ends_when_due()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync(clock: new EarlyTimers(DateTimeOffset.UtcNow));
        await code.CommitAndSubmitAsync();

        code.Scenario.Time.Advance(code.Options.AuditDuration - TimeSpan.FromMilliseconds(1));
        code.Scenario.Time.Advance(TimeSpan.FromMilliseconds(1));
        var success = await code.NextAuditEventAsync("weapp_audit_success", eventsBefore: 0);

        Assert.Equal(0, (await code.GetAsync(CodeApis.GetLatestAuditStatus)).GetProperty("status").GetInt32());
        Assert.True(success.Fields.ContainsKey("SuccTime"));
    }

    [Fact]
    public async Task A_review_of_zero_duration_ends_when_it_is_submitted_and_its_event_is_pushed()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync((o, _) => o.CodeManagement.AuditDuration = TimeSpan.Zero);
        await code.CommitAndSubmitAsync();

        await code.NextAuditEventAsync("weapp_audit_success", eventsBefore: 0);
        var latest = await code.GetAsync(CodeApis.GetLatestAuditStatus);

        Assert.Equal(0, latest.GetProperty("status").GetInt32());
        Assert.Equal(0, Code(await code.ReleaseAsync()));
    }

    [Fact]
    public async Task A_delayed_review_pushes_weapp_audit_delay_stays_open_and_later_ends_with_a_verdict()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync((o, _) => o.CodeManagement.DefaultVerdict = AuditVerdict.Delay);
        await code.CommitAndSubmitAsync();

        var delay = await code.PassReviewAsync("weapp_audit_delay");
        var status = (await code.GetAsync(CodeApis.GetLatestAuditStatus)).GetProperty("status").GetInt32();
        var second = await code.SubmitAsync();
        code.Scenario.Time.Advance(code.Options.DelayedAuditDuration);
        var success = await code.NextAuditEventAsync("weapp_audit_success", eventsBefore: 1);

        Assert.Equal(code.Options.DelayReason, delay.Fields["Reason"]);
        Assert.True(delay.Fields.ContainsKey("DelayTime"));
        Assert.Equal(4, status);
        Assert.Equal(CodeErrors.AlreadyAuditing, Code(second));
        Assert.True(success.Fields.ContainsKey("SuccTime"));
        Assert.Equal(0, Code(await code.ReleaseAsync()));
    }

    [Fact]
    public async Task The_control_api_decides_a_pending_review_at_once_and_answers_409_when_none_is_pending()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        var route = $"{code.Scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations/{TestComponent.MiniProgram}/audit";
        using var nothing = await code.Scenario.Http.PostAsJsonAsync(route, new { verdict = "approve" });
        await code.CommitAndSubmitAsync();

        using var decided = await code.Scenario.Http.PostAsJsonAsync(route, new { verdict = "reject", reason = "页面空白" });
        var fail = await code.NextAuditEventAsync("weapp_audit_fail", eventsBefore: 0);
        var state = await decided.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal(HttpStatusCode.Conflict, nothing.StatusCode);
        Assert.Equal("application/problem+json", nothing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("页面空白", fail.Fields["Reason"]);
        Assert.Equal("audit_failed", state.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task The_sandbox_page_shows_the_review_and_a_human_approves_it_there()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        await code.CommitAndSubmitAsync("3.1.0");

        var page = await code.Scenario.Http.GetStringAsync($"{code.Scenario.Sandbox.BaseUrl}/sandbox");
        using var approve = await code.Scenario.Http.PostAsync($"{code.Scenario.Sandbox.BaseUrl}/sandbox/audit",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["authorizer_appid"] = TestComponent.MiniProgram, ["verdict"] = "approve" }));
        await code.NextAuditEventAsync("weapp_audit_success", eventsBefore: 0);
        var after = await code.Scenario.Http.GetStringAsync($"{code.Scenario.Sandbox.BaseUrl}/sandbox");

        Assert.Contains("<td>auditing</td>", page);
        Assert.Contains("value=\"approve\"", page);
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        Assert.Contains("<td>approved</td>", after);
        Assert.DoesNotContain("value=\"approve\"", after);
    }

    [Fact]
    public async Task The_audit_event_verifies_and_decrypts_with_the_platform_key_through_the_projects_own_crypto()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        await using var platform = await RawReceiver.StartAsync();
        code.World.Options.Components[0].MessageUrl = platform.BaseUrl + "/messages/$APPID$";
        await code.CommitAndSubmitAsync();

        code.Scenario.Time.Advance(code.Options.AuditDuration);
        var (body, query) = (await Eventually.Until(() => platform.Received, r => r.Count > 0))[0];
        var q = System.Web.HttpUtility.ParseQueryString(query);
        var plain = new MessageCrypt(TestComponent.Token, TestComponent.EncodingAesKey, TestComponent.AppId).DecryptPush(body, q["timestamp"]!, q["nonce"]!, q["msg_signature"]);
        var message = AccountMessage.Parse(plain);

        Assert.Contains("<ToUserName><![CDATA[gh_7e57acc00002]]></ToUserName>", body);
        Assert.Equal(("weapp_audit_success", "gh_7e57acc00002", "event"), (message.Event, message.ToUserName, message.MsgType));
        Assert.Throws<WeChatCryptoException>(() => new MessageCrypt(TestComponent.Token, "AnotherKeyAnotherKeyAnotherKeyAnotherKey123", TestComponent.AppId)
            .DecryptPush(body, q["timestamp"]!, q["nonce"]!, q["msg_signature"]));
    }

    [Fact]
    public async Task An_event_the_platform_does_not_take_is_pushed_again_up_to_the_attempt_limit()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        code.Scenario.Receiver.MessageStatusCode = 500;
        await code.CommitAndSubmitAsync();

        code.Scenario.Time.Advance(code.Options.AuditDuration);
        var attempts = await Eventually.Until(() => code.World.Journal.Pushes().Where(p => p.Kind == "weapp_audit_success").ToList(), p => p.Count == 3);

        Assert.All(attempts, a => Assert.Equal(500, a.StatusCode));
        Assert.Empty(code.AuditEvents());
    }

    [Fact]
    public async Task Undo_withdraws_an_open_review_within_its_daily_limit()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync((o, _) => o.CodeManagement.UndoPerDay = 1);
        await code.CommitAndSubmitAsync();

        var undone = await code.GetAsync(CodeApis.UndoCodeAudit);
        var status = (await code.GetAsync(CodeApis.GetLatestAuditStatus)).GetProperty("status").GetInt32();
        var nothingOpen = await code.GetAsync(CodeApis.UndoCodeAudit);
        await code.SubmitAsync();
        var overLimit = await code.GetAsync(CodeApis.UndoCodeAudit);
        code.Scenario.Time.Advance(code.Options.AuditDuration);
        await code.NextAuditEventAsync("weapp_audit_success", eventsBefore: 0);

        Assert.Equal((0, 3), (Code(undone), status));
        Assert.Equal((CodeErrors.ForbidRevert, CodeErrors.NoUndoQuota), (Code(nothingOpen), Code(overLimit)));
        Assert.Single(code.AuditEvents());
    }

    [Fact]
    public async Task A_speed_up_ends_the_review_sooner_once_per_audit_within_the_monthly_speedup_quota()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        var auditId = await code.CommitAndSubmitAsync();

        var first = await code.PostAsync(CodeApis.SpeedupAudit, new { auditid = auditId });
        var again = await code.PostAsync(CodeApis.SpeedupAudit, new { auditid = auditId });
        var quota = await code.GetAsync(CodeApis.QueryQuota);
        code.Scenario.Time.Advance(code.Options.ExpeditedAuditDuration);
        await code.NextAuditEventAsync("weapp_audit_success", eventsBefore: 0);
        var unknown = await code.PostAsync(CodeApis.SpeedupAudit, new { auditid = 1 });

        Assert.Equal((0, CodeErrors.SpeedupAlreadyDone, CodeErrors.AuditIdInvalid), (Code(first), Code(again), Code(unknown)));
        Assert.Equal((0, 1), (quota.GetProperty("speedup_rest").GetInt32(), quota.GetProperty("speedup_limit").GetInt32()));
    }

    /// <summary>
    /// Timers of a second or more fire a millisecond early, as a machine's timers can against its wall clock; shorter
    /// ones on time (so a timer armed again for what is left does fire when due).
    /// </summary>
    private sealed class EarlyTimers(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new Early(base.CreateTimer(callback, state, dueTime, period));

        private sealed class Early(ITimer timer) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) =>
                timer.Change(dueTime >= TimeSpan.FromSeconds(1) ? dueTime - TimeSpan.FromMilliseconds(1) : dueTime, period);

            public void Dispose() => timer.Dispose();

            public ValueTask DisposeAsync() => timer.DisposeAsync();
        }
    }
}
