namespace Cluster.Tests.Support;

/// <summary>How a silo command ended: its exit code and everything it wrote (stdout, then stderr).</summary>
public sealed record CommandResult(int ExitCode, string Output);
