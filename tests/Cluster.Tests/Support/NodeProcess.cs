using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Cluster.Tests.Support;

/// <summary>
/// One process of the cluster (a silo, the gateway or the sandbox), started from its built binary and listening on
/// <paramref name="urls"/>. With port 0 there the process binds a port the system picks and <see cref="Url"/> is the
/// address it reports ("Now listening on"), read again at each start.
/// </summary>
public sealed partial class NodeProcess(string name, string dll, string urls, IReadOnlyDictionary<string, string> environment, string logDirectory)
{

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    /// <summary>The dotnet host running these tests (the CLI names it), so nothing depends on PATH or the working directory.</summary>
    public static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";

    private Process? _process;
    private volatile string? _url;

    /// <summary>The built binary of a project of this repository, in the configuration these tests were built in.</summary>
    public static string Binary(string project)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (!File.Exists(Path.Combine(root.FullName, "WeChatComponentPlatform.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Repository root not found.");
        }

        return Path.Combine(root.FullName, "src", project, "bin", configuration, testBin.Name, $"{project}.dll");
    }

    public string Name { get; } = name;

    /// <summary>Where the running process listens, once it said so.</summary>
    public string Url => _url ?? throw new InvalidOperationException($"{Name} has not reported its address yet.");

    public bool Running => _process is { HasExited: false };

    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    public void Start()
    {
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(urls);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // The line this reads the bound address from.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        _url = null;
        _process = Process.Start(start)!;
        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) =>
        {
            Write(log, e.Data);
            if (_url is null && e.Data is { } line && ListeningLine().Match(line) is { Success: true } listening)
            {
                _url = listening.Groups[1].Value.TrimEnd('/');
            }
        };
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Task WaitReadyAsync(string path = "/health/ready") =>
        Eventually.Until(async () =>
        {
            if (!Running)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process?.ExitCode}; see {LogFile}");
            }

            if (_url is not { } url)
            {
                return false;
            }

            try
            {
                using var response = await Probe.GetAsync(url + path);
                return response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(90), $"{Name} answers {path} (see {LogFile})");

    /// <summary>kill -9: no chance to leave the cluster or save anything.</summary>
    public async Task KillAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod; waits for the process to leave.</summary>
    public async Task StopAsync()
    {
        if (!Running)
        {
            return;
        }

        using (var kill = Process.Start("/usr/bin/kill", $"-TERM {_process!.Id}"))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await _process.WaitForExitAsync(timeout.Token);
    }

    private string LogFile => Path.Combine(logDirectory, $"{Name}.log");

    /// <summary>Kestrel's start-up line, in plain or JSON console logs.</summary>
    [GeneratedRegex(@"Now listening on: (https?://[^\s"",]+)")]
    private static partial Regex ListeningLine();

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
