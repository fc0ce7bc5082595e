using System.Text.RegularExpressions;

namespace Gateway.Tests.Observability;

public sealed partial class ObservabilityFilesTests
{
    [Fact]
    public void Metric_names_are_read_from_promql_past_functions_labels_ranges_and_keywords()
    {
        const string promql = """
            histogram_quantile(0.5, sum by (le, kind) (rate(a_bucket{kind=~"x|y", $var="1"}[$__rate_interval])))
              / time() - max without (instance) (b_seconds offset 15m) > on (component) group_left min_over_time((max(c)[30m:1m])) and bool d
            """;

        Assert.Equal(["a_bucket", "b_seconds", "c", "d"], ObservabilityFiles.MetricNames(promql).Order());
    }

    [Fact]
    public void Every_alert_has_a_runbook_entry_in_docs_operations_md_that_its_annotation_points_to()
    {
        var rules = ObservabilityFiles.RulesFile();
        var runbook = File.ReadAllText(System.IO.Path.Combine(ObservabilityFiles.Folder, "..", "..", "docs", "operations.md"));
        var headings = Heading().Matches(runbook).Select(m => m.Groups["alert"].Value).ToHashSet();

        var alerts = Alert().Matches(rules).Select(m => m.Groups["alert"].Value).ToList();

        Assert.Equal(5, alerts.Count);
        Assert.All(alerts, alert =>
        {
            Assert.Contains(alert, headings);
            Assert.Contains($"runbook: docs/operations.md#{alert.ToLowerInvariant()}", rules);
        });
    }

    [GeneratedRegex(@"- alert: (?<alert>\w+)")]
    private static partial Regex Alert();

    [GeneratedRegex(@"^### (?<alert>\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
