using System.Collections.Concurrent;

namespace Sandbox.ReleaseTesting;

/// <summary>The last full-network-release test run of each platform, for the sandbox page and the control API.</summary>
public sealed class ReleaseTestBook
{
    private readonly ConcurrentDictionary<string, ReleaseTestReport> _latest = new(StringComparer.Ordinal);

    public void Record(ReleaseTestReport report) => _latest[report.ComponentAppId] = report;

    public ReleaseTestReport? Latest(string componentAppId) => _latest.GetValueOrDefault(componentAppId);
}
