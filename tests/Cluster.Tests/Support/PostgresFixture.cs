// The cluster tests drive Debian's PostgreSQL binaries and POSIX signals.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: AssemblyFixture(typeof(Cluster.Tests.Support.PostgresFixture))]

namespace Cluster.Tests.Support;

/// <summary>One PostgreSQL server for the whole test assembly; each test class creates its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
