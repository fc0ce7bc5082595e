namespace Sandbox.ReleaseTesting;

/// <summary>One case of the full-network-release test and WeChat's verdict on it.</summary>
public sealed record ReleaseTestCase(string Name, bool Passed, string Detail);
