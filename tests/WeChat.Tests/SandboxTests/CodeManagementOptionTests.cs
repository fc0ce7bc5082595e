using Microsoft.Extensions.Options;
using Sandbox.CodeManagement;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>Sandbox:CodeManagement is checked when the sandbox starts, nested as it is in Sandbox.</summary>
public class CodeManagementOptionTests
{
    [Theory]
    [InlineData(nameof(CodeManagementOptions.AuditDuration))]
    [InlineData(nameof(CodeManagementOptions.ExpeditedAuditDuration))]
    [InlineData(nameof(CodeManagementOptions.MonthlyAuditQuota))]
    [InlineData(nameof(CodeManagementOptions.VerdictAfterDelay))]
    [InlineData(nameof(CodeManagementOptions.DefaultVerdict))]
    [InlineData(nameof(CodeManagementOptions.LatestScreenshotKey))]
    public async Task A_code_management_option_out_of_its_range_stops_the_sandbox_at_start(string option)
    {
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => SandboxScenario.StartAsync((o, _) => OutOfRange(o.CodeManagement, option)));

        Assert.Contains($"Sandbox:CodeManagement:{option}", refusal.Message);
    }

    [Fact]
    public async Task The_screenshot_key_as_in_wechats_example_and_zero_durations_start()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) =>
        {
            o.CodeManagement.LatestScreenshotKey = "ScreenShot";
            o.CodeManagement.AuditDuration = TimeSpan.Zero;
        });

        Assert.Equal("ScreenShot", scenario.World.Options.CodeManagement.LatestScreenshotKey);
    }

    private static void OutOfRange(CodeManagementOptions options, string option)
    {
        switch (option)
        {
            case nameof(CodeManagementOptions.AuditDuration): options.AuditDuration = TimeSpan.FromMinutes(-1); break;
            case nameof(CodeManagementOptions.ExpeditedAuditDuration): options.ExpeditedAuditDuration = TimeSpan.FromDays(400); break;
            case nameof(CodeManagementOptions.MonthlyAuditQuota): options.MonthlyAuditQuota = -1; break;
            case nameof(CodeManagementOptions.VerdictAfterDelay): options.VerdictAfterDelay = AuditVerdict.Delay; break;
            case nameof(CodeManagementOptions.DefaultVerdict): options.DefaultVerdict = (AuditVerdict)7; break;
            default: options.LatestScreenshotKey = "shots"; break;
        }
    }
}
