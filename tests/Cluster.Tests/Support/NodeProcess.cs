using System.Diagnostics;

namespace Cluster.Tests.Support;

/// <summary>One process of the cluster (a silo, the gateway or the sandbox), started from its built binary.</summary>
public sealed class NodeProcess(string name, string dll, string url, IReadOnlyDictionary<string, string> environment, string logDirectory)
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    /// <summary>The dotnet host running these tests (the CLI names it), so nothing depends on PATH or the working directory.</summary>
    public static readonly string Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";

    private Process? _process;

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

    public string Url { get; } = url;

    public bool Running => _process is { HasExited: false };

    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    public void Start()
    {
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(logDirectory, $"{Name}.log"), append: true) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task WaitReadyAsync(string path = "/health/ready")
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (!Running)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process?.ExitCode}; see {Name}.log");
            }

            try
            {
                using var response = await Probe.GetAsync(Url + path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not ready within 90 s; see {Name}.log");
    }

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
