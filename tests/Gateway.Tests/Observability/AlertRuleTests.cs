using System.ComponentModel;
using System.Diagnostics;

namespace Gateway.Tests.Observability;

/// <summary>
/// The PrometheusRule as Prometheus reads it: promtool (Debian's prometheus package, which scripts/test.sh installs)
/// checks its syntax and runs the unit tests of alert-tests.yaml against it.
/// </summary>
public sealed class AlertRuleTests
{
    [Fact]
    public async Task The_alert_rules_pass_promtool_check_rules()
    {
        using var folder = new RulesFolder();

        var (exitCode, output) = await PromtoolAsync(folder.Path, "check", "rules", "rules.yaml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 5 rules found", output);
    }

    [Fact]
    public async Task Each_alert_fires_in_its_scenario_and_stays_quiet_in_the_harmless_one()
    {
        using var folder = new RulesFolder();
        File.Copy(ObservabilityFiles.Path("alert-tests.yaml"), System.IO.Path.Combine(folder.Path, "alert-tests.yaml"));

        var (exitCode, output) = await PromtoolAsync(folder.Path, "test", "rules", "alert-tests.yaml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            Assert.Fail("promtool is not installed: `apt-get install prometheus` (scripts/test.sh installs it when missing).");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, await output + await error);
        }
    }

    /// <summary>A temporary folder holding the rules file (<c>rules.yaml</c>) that alert-tests.yaml names.</summary>
    private sealed class RulesFolder : IDisposable
    {
        public RulesFolder() => File.WriteAllText(System.IO.Path.Combine(Path, "rules.yaml"), ObservabilityFiles.RulesFile());

        public string Path { get; } = Directory.CreateTempSubdirectory("wechat-rules-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
