namespace Sandbox.ReleaseTesting;

/// <summary>One case of the full-network-release test and WeChat's verdict on it.</summary>
public sealed record ReleaseTestCase(string Name, bool Passed, string Detail, TimeSpan Elapsed);

/// <summary>A run of the full-network-release test against one platform, with the test group WeChat picked.</summary>
public sealed record ReleaseTestReport(string ComponentAppId, int Group, DateTimeOffset StartedAt, IReadOnlyList<ReleaseTestCase> Cases)
{
    public bool Passed => Cases.Count > 0 && Cases.All(c => c.Passed);
}
