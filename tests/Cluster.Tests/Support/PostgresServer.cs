using System.Diagnostics;
using Npgsql;

namespace Cluster.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL: Debian's binaries, initdb into a temporary folder, pg_ctl on a reserved loopback port
/// (run as the postgres user when the tests run as root, since PostgreSQL refuses root). Set
/// <c>TEST_POSTGRES</c> to a connection string to use an existing server instead; each fixture gets its own database.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string? _directory;
    private readonly string _adminConnectionString;

    private PostgresServer(string adminConnectionString, string? directory)
    {
        _adminConnectionString = adminConnectionString;
        _directory = directory;
    }

    /// <summary>Whether this fixture owns the server (and so can stop and start it).</summary>
    public bool Owned => _directory is not null;

    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return new PostgresServer(existing, null);
        }

        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed in {Bin}: run `apt-get install -y postgresql` (scripts/test.sh does) or set TEST_POSTGRES.");
        }

        var directory = Directory.CreateTempSubdirectory("wechat-pg-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
        var port = ReservedPorts.Take();
        await RunAsync("initdb", $"-D {directory}/data -U postgres --auth=trust -E UTF8 --no-sync");
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false", directory);
        File.WriteAllText(Path.Combine(directory, "port"), port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public Task StopAsync() => RunAsync("pg_ctl", $"-D {_directory}/data -m fast -w stop");

    public Task StartAgainAsync()
    {
        var port = File.ReadAllText(Path.Combine(_directory!, "port"));
        return RunAsync("pg_ctl", $"-D {_directory}/data -w -l {_directory}/postgres.log -o \"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start");
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        await RunAsync("pg_ctl", $"-D {_directory}/data -m immediate -w stop", ignoreFailure: true);
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task RunAsync(string tool, string arguments, bool ignoreFailure = false)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "/usr/sbin/runuser" : Path.Combine(Bin, tool))
        {
            Arguments = asRoot ? $"-u postgres -- {Bin}/{tool} {arguments}" : arguments,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException($"{tool} {arguments} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
