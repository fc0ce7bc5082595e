using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Gateway.Tests.Observability;

/// <summary>
/// The PrometheusRule and the dashboard as Prometheus reads them: promtool (Debian's prometheus package, which
/// scripts/test.sh installs) checks the rules and the dashboard's queries and runs the unit tests of alert-tests.yaml.
/// </summary>
[Trait(Tier.Name, Tier.Cluster)]
public sealed class PromtoolTests
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

    [Fact]
    public async Task Every_query_of_the_dashboard_is_valid_promql()
    {
        using var folder = new RulesFolder();
        var queries = ObservabilityFiles.DashboardExpressions().ToList();
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
        {
            // Grafana's variables as Grafana would fill them in.
            var query = queries[i].Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$component", ".*", StringComparison.Ordinal);
            rules.Append(System.Globalization.CultureInfo.InvariantCulture, $"      - record: dashboard_query_{i}\n        expr: {JsonSerializer.Serialize(query)}\n");
        }

        File.WriteAllText(System.IO.Path.Combine(folder.Path, "dashboard.yaml"), rules.ToString());

        var (exitCode, output) = await PromtoolAsync(folder.Path, "check", "rules", "dashboard.yaml");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {queries.Count} rules found", output);
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
