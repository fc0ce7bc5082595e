using System.Diagnostics;

namespace Cluster.Tests.Support;

/// <summary>
/// A one-shot command of the built silo (<c>migrate</c>, <c>reencrypt</c>), run as its own process as an operator or
/// a Kubernetes Job runs it. Disposing kills it (by its process id) if it is still running.
/// </summary>
public sealed class SiloCommand : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    private SiloCommand(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public static SiloCommand Start(string command, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(NodeProcess.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(NodeProcess.Binary("Silo"));
        start.ArgumentList.Add(command);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new SiloCommand(Process.Start(start)!);
    }

    public static async Task<CommandResult> RunAsync(string command, IReadOnlyDictionary<string, string> environment)
    {
        await using var process = Start(command, environment);
        return await process.WaitAsync();
    }

    public async Task<CommandResult> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
        return new CommandResult(_process.ExitCode, await _output + await _error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
