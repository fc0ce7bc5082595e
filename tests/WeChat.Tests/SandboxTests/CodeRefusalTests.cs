using Sandbox.CodeManagement;
using WeChat.Api;
using WeChat.Tests.Support;
using static WeChat.Tests.Support.MiniProgramCodeScenario;

namespace WeChat.Tests.SandboxTests;

/// <summary>Code management is as strict as WeChat: who may call it, in which order, and how often.</summary>
public class CodeRefusalTests
{
    [Fact]
    public async Task An_official_account_cannot_commit_code()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync(authorizerAppId: TestComponent.OfficialAccount);

        Assert.Equal(CodeErrors.NotMiniProgram, Code(await code.CommitAsync()));
        Assert.Equal(CodeErrors.NotMiniProgram, Code(await code.GetAsync(CodeApis.QueryQuota)));
    }

    [Fact]
    public async Task A_mini_program_that_did_not_grant_permission_set_18_is_refused_with_48001()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync((o, _) =>
            o.Accounts.Single(a => a.AppId == TestComponent.MiniProgram).GrantedPermissionSets = [17, 19]);

        Assert.Equal(WeChatErrorCodes.ApiUnauthorized, Code(await code.CommitAsync()));
        Assert.Null(code.World.Versions.Change(TestComponent.MiniProgram, p => p.Experience));
    }

    [Theory]
    [InlineData(86, CodeErrors.ExperienceVersionMissing)]
    [InlineData(11, 61007)]
    public async Task Get_qrcode_takes_permission_set_86_as_well_as_18(int declared, int expected)
    {
        await using var code = await MiniProgramCodeScenario.StartAsync((_, c) => c.PermissionSets = [1, 17, 19, declared]);

        Assert.Equal(61007, Code(await code.CommitAsync()));
        Assert.Equal(expected, Code(await code.GetAsync(CodeApis.GetQrCode)));
    }

    [Fact]
    public async Task A_platform_that_never_declared_permission_set_18_is_refused_with_61007()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync((_, c) => c.PermissionSets = [1, 17, 19]);

        Assert.Equal(61007, Code(await code.SubmitAsync()));
    }

    [Fact]
    public async Task Submitting_before_any_commit_is_85086_and_changes_no_quota()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();

        var submit = await code.SubmitAsync();
        var quota = await code.GetAsync(CodeApis.QueryQuota);

        Assert.Equal(CodeErrors.MustCommitBeforeSubmit, Code(submit));
        Assert.Equal((20, 20), (quota.GetProperty("rest").GetInt32(), quota.GetProperty("limit").GetInt32()));
        Assert.Equal(CodeErrors.NoValidAuditId, Code(await code.GetAsync(CodeApis.GetLatestAuditStatus)));
    }

    [Fact]
    public async Task A_second_submission_while_a_review_runs_is_85009_even_after_a_new_commit()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        await code.CommitAndSubmitAsync("1.0.0");
        await code.CommitAsync("1.0.1");

        var second = await code.SubmitAsync();
        var latest = await code.GetAsync(CodeApis.GetLatestAuditStatus);

        Assert.Equal(CodeErrors.AlreadyAuditing, Code(second));
        Assert.Equal("1.0.0", latest.GetProperty("user_version").GetString());
        Assert.Equal(19, (await code.GetAsync(CodeApis.QueryQuota)).GetProperty("rest").GetInt32());
    }

    [Fact]
    public async Task Release_needs_an_approved_audit_and_a_literal_empty_object_body()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        var none = await code.ReleaseAsync();
        await code.CommitAndSubmitAsync();
        var inReview = await code.ReleaseAsync();
        await code.PassReviewAsync("weapp_audit_success");
        using var empty = await code.Scenario.Http.PostAsync($"{code.Scenario.Sandbox.BaseUrl}/{CodeApis.Release}?access_token={code.AuthorizerToken}", null);
        var noBody = await empty.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal((CodeErrors.NoVersionAuditing, CodeErrors.StatusNotAllowed, CodeErrors.EmptyPostData), (Code(none), Code(inReview), Code(noBody)));
        Assert.Equal(0, Code(await code.ReleaseAsync()));
    }

    [Fact]
    public async Task The_monthly_audit_quota_of_the_platform_runs_out_with_85085()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync((o, _) => o.CodeManagement.MonthlyAuditQuota = 1);
        await code.CommitAndSubmitAsync("1.0.0");
        await code.PassReviewAsync("weapp_audit_success");
        await code.CommitAsync("1.1.0");

        var spent = await code.SubmitAsync();
        var quota = await code.GetAsync(CodeApis.QueryQuota);

        Assert.Equal(CodeErrors.AuditQuotaReached, Code(spent));
        Assert.Equal((0, 1), (quota.GetProperty("rest").GetInt32(), quota.GetProperty("limit").GetInt32()));
        Assert.Equal(0, Code(await code.GetAsync(CodeApis.GetLatestAuditStatus)));
        Assert.Equal(0, (await code.GetAsync(CodeApis.GetLatestAuditStatus)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_spent_daily_quota_is_45009_until_midnight_in_Beijing_and_quota_get_reports_it()
    {
        var start = new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero); // 23:00 in Beijing
        await using var code = await MiniProgramCodeScenario.StartAsync((o, _) => o.DailyQuotas[CodeApis.Commit] = 1, startAt: start);

        var first = await code.CommitAsync("1.0.0");
        var second = await code.CommitAsync("1.0.1");
        var quota = (await code.PostAsync("cgi-bin/openapi/quota/get", new { cgi_path = "/" + CodeApis.Commit })).GetProperty("quota");
        code.Scenario.Time.Advance(TimeSpan.FromHours(1));
        var nextDay = await code.CommitAsync("1.0.2");

        Assert.Equal((0, WeChatErrorCodes.DailyQuotaReached, 0), (Code(first), Code(second), Code(nextDay)));
        Assert.Equal((1, 1, 0), (quota.GetProperty("daily_limit").GetInt32(), quota.GetProperty("used").GetInt32(), quota.GetProperty("remain").GetInt32()));
        Assert.Equal("1.0.2", code.World.Versions.Change(TestComponent.MiniProgram, p => p.Experience!.UserVersion));
    }

    [Fact]
    public async Task Clear_quota_lifts_a_45009_of_a_code_management_api()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        await code.Scenario.ControlAsync("quota/exhaust", new { appid = TestComponent.MiniProgram, api = CodeApis.GetCategory });

        var exhausted = await code.GetAsync(CodeApis.GetCategory);
        var cleared = await code.PostAsync("cgi-bin/clear_quota", new { appid = TestComponent.MiniProgram });
        var after = await code.GetAsync(CodeApis.GetCategory);

        Assert.Equal((WeChatErrorCodes.DailyQuotaReached, 0, 0), (Code(exhausted), Code(cleared), Code(after)));
        Assert.Equal(2, after.GetProperty("category_list").GetArrayLength());
    }

    [Fact]
    public async Task Ext_json_must_be_a_string_that_parses_with_every_tab_path_and_names_only_pages_of_the_template()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();

        Task<System.Text.Json.JsonElement> Commit(object extJson, long templateId = 1) =>
            code.PostAsync(CodeApis.Commit, new { template_id = templateId, ext_json = extJson, user_version = "1.0.0", user_desc = "" });

        Assert.Equal(WeChatErrorCodes.DataFormatError, Code(await Commit(new { extAppid = TestComponent.MiniProgram })));
        Assert.Equal(CodeErrors.ExtJsonParseFail, Code(await Commit("{\"extAppid\":\"wx\",}")));
        Assert.Equal(CodeErrors.ExtJsonPathNotExist, Code(await Commit("{\"pages\":[\"pages/index/index\",\"pages/missing\"]}")));
        Assert.Equal(CodeErrors.ExtJsonParseFail, Code(await Commit("{\"tabBar\":[\"pages/index/index\"]}")));
        Assert.Equal(CodeErrors.ExtJsonParseFail, Code(await Commit("{\"tabBar\":{\"list\":[{\"pagePath\":7}]}}")));
        Assert.Equal(CodeErrors.TabBarItemMissingPath, Code(await Commit("{\"tabBar\":{\"list\":[{\"text\":\"Home\"}]}}")));
        Assert.Equal(CodeErrors.ExtJsonPathNotExist, Code(await Commit("{\"tabBar\":{\"list\":[{\"pagePath\":\"pages/missing\"}]}}")));
        Assert.Equal(CodeErrors.StandardTemplateExtJsonInvalid, Code(await Commit("{\"extEnable\":true}", templateId: 2)));
        Assert.Equal(CodeErrors.TemplateNotExist, Code(await Commit("{}", templateId: 99)));
        Assert.Equal(CodeErrors.ExperienceVersionMissing, Code(await code.GetAsync(CodeApis.GetPage)));
        Assert.Equal(0, Code(await Commit("{\"pages\":[\"pages/index/index\"]}")));
        Assert.Equal(["pages/index/index"], (await code.GetAsync(CodeApis.GetPage)).GetProperty("page_list").EnumerateArray().Select(p => p.GetString()));
    }
}
