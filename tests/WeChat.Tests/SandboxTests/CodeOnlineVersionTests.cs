using Sandbox.CodeManagement;
using WeChat.Tests.Support;
using static WeChat.Tests.Support.MiniProgramCodeScenario;

namespace WeChat.Tests.SandboxTests;

/// <summary>The online side: rollback to the previous release, and a gray release step by step.</summary>
public class CodeOnlineVersionTests
{
    [Fact]
    public async Task Revert_goes_back_to_the_previous_release_once_and_the_history_lists_both()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        await ReleaseAsync(code, "1.0.0", eventsBefore: 0);
        var onlyOne = await code.GetAsync(CodeApis.RevertCodeRelease);
        await ReleaseAsync(code, "2.0.0", eventsBefore: 1);

        var reverted = await code.GetAsync(CodeApis.RevertCodeRelease);
        var info = await code.PostAsync(CodeApis.GetVersionInfo, new { });
        var twice = await code.GetAsync(CodeApis.RevertCodeRelease);
        var history = await code.GetAsync(CodeApis.RevertCodeRelease, "&action=get_history_version");

        Assert.Equal((CodeErrors.ForbidRevert, 0, CodeErrors.ForbidRevert), (Code(onlyOne), Code(reverted), Code(twice)));
        Assert.Equal("1.0.0", info.GetProperty("release_info").GetProperty("release_version").GetString());
        Assert.Equal(["1.0.0", "2.0.0"], history.GetProperty("version_list").EnumerateArray().Select(v => v.GetProperty("user_version").GetString()));
        Assert.Equal("reverted", code.World.Versions.Change(TestComponent.MiniProgram, CodeStateView.From).Stage);
    }

    [Fact]
    public async Task A_gray_release_needs_an_online_version_rises_step_by_step_blocks_revert_and_ends_with_release()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        await code.CommitAndSubmitAsync("1.0.0");
        await code.PassReviewAsync("weapp_audit_success");
        var firstEver = await code.PostAsync(CodeApis.GrayRelease, new { gray_percentage = 10 });
        await code.ReleaseAsync();
        await code.CommitAndSubmitAsync("2.0.0");
        await code.PassReviewAsync("weapp_audit_success", eventsBefore: 1);

        var tenPercent = await code.PostAsync(CodeApis.GrayRelease, new { gray_percentage = 10, support_experiencer_first = true });
        var lower = await code.PostAsync(CodeApis.GrayRelease, new { gray_percentage = 5 });
        var plan = (await code.GetAsync(CodeApis.GetGrayReleasePlan)).GetProperty("gray_release_plan");
        var revertDuringGray = await code.GetAsync(CodeApis.RevertCodeRelease);
        var stage = code.World.Versions.Change(TestComponent.MiniProgram, CodeStateView.From).Stage;
        var released = await code.ReleaseAsync();
        var finished = (await code.GetAsync(CodeApis.GetGrayReleasePlan)).GetProperty("gray_release_plan");

        Assert.Equal(CodeErrors.NoOnlineRelease, Code(firstEver));
        Assert.Equal((0, CodeErrors.GrayPercentageTooLow), (Code(tenPercent), Code(lower)));
        Assert.Equal((1, 10, true), (plan.GetProperty("status").GetInt32(), plan.GetProperty("gray_percentage").GetInt32(), plan.GetProperty("support_experiencer_first").GetBoolean()));
        Assert.Equal((CodeErrors.GrayReleaseInProgress, "gray"), (Code(revertDuringGray), stage));
        Assert.Equal((0, 3), (Code(released), finished.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task Reverting_a_gray_release_deletes_the_plan_and_keeps_the_online_version()
    {
        await using var code = await MiniProgramCodeScenario.StartAsync();
        await ReleaseAsync(code, "1.0.0", eventsBefore: 0);
        await code.CommitAndSubmitAsync("2.0.0");
        await code.PassReviewAsync("weapp_audit_success", eventsBefore: 1);
        await code.PostAsync(CodeApis.GrayRelease, new { gray_percentage = 20 });

        var reverted = await code.GetAsync(CodeApis.RevertGrayRelease);
        var nothingRunning = await code.GetAsync(CodeApis.RevertGrayRelease);
        var plan = (await code.GetAsync(CodeApis.GetGrayReleasePlan)).GetProperty("gray_release_plan");
        var info = await code.PostAsync(CodeApis.GetVersionInfo, new { });

        Assert.Equal((0, CodeErrors.InvalidArgs), (Code(reverted), Code(nothingRunning)));
        Assert.Equal(4, plan.GetProperty("status").GetInt32());
        Assert.Equal("1.0.0", info.GetProperty("release_info").GetProperty("release_version").GetString());
    }

    private static async Task ReleaseAsync(MiniProgramCodeScenario code, string userVersion, int eventsBefore)
    {
        await code.CommitAndSubmitAsync(userVersion);
        await code.PassReviewAsync("weapp_audit_success", eventsBefore);
        Assert.Equal(0, Code(await code.ReleaseAsync()));
    }
}
