using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Crypto.Bench;
using Sandbox;
using WeChat.Crypto;

// B4 of the benchmark plan. `raw`: BenchmarkDotNet's cost of verify + decrypt (+ parse) of one push.
// `pushes <file> <component> <count> <accounts>`: signed, encrypted message pushes for bench/wrk/pushes.lua, spread over the accounts.
// `raw` prints markdown table rows for bench/RESULTS.md.
switch (args)
{
    case ["raw", ..]:
        // In process: no generated project to restore and build, which this offline machine could not always do.
        var config = ManualConfig.CreateMinimumViable().AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)).WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<PushCryptoBenchmarks>(config);
        foreach (var report in summary.Reports)
        {
            var mean = report.ResultStatistics?.Mean ?? double.NaN;
            Console.WriteLine(FormattableString.Invariant(
                $"| raw {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} (one thread) | {mean / 1000:F2} µs, {1e9 / mean:N0} /s per core, {report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)} B allocated |"));
            Console.WriteLine(FormattableString.Invariant($"RAW_{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}_NS={mean:F0}"));
        }

        break;

    case ["pushes", var file, var component, var count, var accounts]:
        WritePushes(file, component, int.Parse(count, CultureInfo.InvariantCulture), int.Parse(accounts, CultureInfo.InvariantCulture));
        break;

    default:
        Console.Error.WriteLine("usage: Crypto.Bench raw | pushes <file> <component> <count> <accounts>");
        return 2;
}

return 0;

// One push a line: the path and query WeChat would call (`/wechat/{component}/messages/{account}?...`), a tab, the body.
// Each push has its own MsgId and nonce (unique across runs a second apart), timestamped now.
static void WritePushes(string file, string component, int count, int accounts)
{
    var crypt = Pushes.Crypt(component);
    var now = DateTimeOffset.UtcNow;
    var runId = now.ToUnixTimeSeconds() * 10_000_000L;
    var lines = new string[count];
    Parallel.For(0, count, i =>
    {
        var push = Pushes.Message(crypt, runId + i, now);
        var account = Pushes.AccountOf(i % accounts);
        lines[i] = $"/wechat/{component}/messages/{account}?timestamp={push.Timestamp}&nonce={push.Nonce}&signature={push.Signature}" +
            $"&openid=oBench&encrypt_type=aes&msg_signature={push.MsgSignature}\t{push.Body}";
    });
    File.WriteAllLines(file, lines);
}
