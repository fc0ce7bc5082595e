namespace Sandbox.ReleaseTesting;

/// <summary>A run of the full-network-release test against one platform: the group drawn and a verdict per case.</summary>
public sealed record ReleaseTestReport(DateTimeOffset At, string ComponentAppId, int Group, string OfficialAccount, string MiniProgram, IReadOnlyList<ReleaseTestCase> Cases)
{
    public bool Passed => Cases.All(c => c.Passed);
}
