using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Observability;

/// <summary>
/// The operator's kit in deploy/observability, read as operators get it: the PromQL of the Grafana dashboard and of
/// the PrometheusRule, and the metric names that PromQL reads.
/// </summary>
internal static partial class ObservabilityFiles
{
    public static readonly string Folder = System.IO.Path.Combine(FindRoot(), "deploy", "observability");

    public static string Path(string file) => System.IO.Path.Combine(Folder, file);

    /// <summary>The PrometheusRule's <c>spec</c>, de-indented: the plain rules file Prometheus and promtool read.</summary>
    public static string RulesFile()
    {
        var lines = File.ReadAllLines(Path("prometheus-rule.yaml"));
        var spec = Array.IndexOf(lines, "spec:");
        Assert.True(spec >= 0, "prometheus-rule.yaml has no top-level spec:");
        return string.Join('\n', lines.Skip(spec + 1).Select(l => l.StartsWith("  ", StringComparison.Ordinal) ? l[2..] : l)) + "\n";
    }

    /// <summary>Every <c>expr</c> of the rules, block scalars (<c>expr: |</c>) included.</summary>
    public static IEnumerable<string> RuleExpressions()
    {
        var lines = RulesFile().Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var expr = Expr().Match(lines[i]);
            if (!expr.Success)
            {
                continue;
            }

            var value = expr.Groups["value"].Value.Trim();
            if (value is not ("|" or ">"))
            {
                yield return value;
                continue;
            }

            var indent = expr.Groups["indent"].Length;
            var block = lines.Skip(i + 1).TakeWhile(l => l.Length == 0 || l.Length - l.TrimStart().Length > indent);
            yield return string.Join('\n', block);
        }
    }

    /// <summary>Every query of the dashboard: the panels' <c>expr</c>s and the template variables' <c>label_values</c>.</summary>
    public static IEnumerable<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path("grafana-dashboard.json")));
        var found = new List<string>();
        Collect(dashboard.RootElement, found);
        return found;
    }

    /// <summary>The metric names a PromQL expression reads: identifiers left once strings, label matchers, grouping
    /// lists, ranges and functions are set aside.</summary>
    public static IEnumerable<string> MetricNames(string promql)
    {
        var text = Quoted().Replace(promql, " ");
        text = Matchers().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !text[(m.Index + m.Length)..].TrimStart().StartsWith('('))
            .Select(m => m.Value)
            .Where(name => !Keywords.Contains(name));
    }

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "group_left", "group_right", "inf", "nan"];

    private static void Collect(JsonElement element, List<string> found)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && property.Name is "expr" or "definition")
                {
                    found.Add(LabelValues().Replace(property.Value.GetString()!, "${metric}"));
                }
                else
                {
                    Collect(property.Value, found);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, found);
            }
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(System.IO.Path.Combine(directory.FullName, "WeChatComponentPlatform.slnx")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Repository root not found.");
        }

        return directory.FullName;
    }

    [GeneratedRegex(@"^(?<indent>\s*)(- )?expr:(?<value>.*)$")]
    private static partial Regex Expr();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][\w:]*")]
    private static partial Regex Identifier();

    /// <summary>Grafana's <c>label_values(metric, label)</c>: only the metric is a name.</summary>
    [GeneratedRegex(@"label_values\((?<metric>[\w:]+)\s*,[^)]*\)")]
    private static partial Regex LabelValues();
}
