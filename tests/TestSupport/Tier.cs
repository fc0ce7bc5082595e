namespace TestSupport;

/// <summary>
/// The tiers tests are tagged with (xunit trait <c>Tier</c>): a test project names its tier once, with
/// <c>[assembly: Trait(Tier.Name, ...)]</c>; a class of another tier in it says so itself.
/// <c>scripts/test.sh --fast</c> runs <see cref="Fast"/>; <c>scripts/test.sh</c> runs every tier.
/// </summary>
public static class Tier
{
    public const string Name = "Tier";

    /// <summary>In process: real HTTP on loopback and in-process silos, no child process, no PostgreSQL, no browser.</summary>
    public const string Fast = "fast";

    /// <summary>Silo, gateway and sandbox processes, PostgreSQL, or other tools run as processes.</summary>
    public const string Cluster = "cluster";

    /// <summary>Headless Chromium.</summary>
    public const string Browser = "browser";
}
