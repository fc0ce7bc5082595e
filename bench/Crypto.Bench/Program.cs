using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Crypto.Bench;
using Sandbox;
using WeChat.Crypto;

// B4 of the benchmark plan. `raw`: BenchmarkDotNet's cost of verify + decrypt (+ parse) of one push.
// `load <gateway url> <pushes> <concurrency>`: signed, encrypted message pushes per second through the gateway.
// Both print markdown table rows for bench/RESULTS.md.
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

    case ["load", var url, var count, var concurrency]:
        await LoadAsync(url, int.Parse(count, CultureInfo.InvariantCulture), int.Parse(concurrency, CultureInfo.InvariantCulture));
        break;

    default:
        Console.Error.WriteLine("usage: Crypto.Bench raw | load <gateway url> <pushes> <concurrency>");
        return 2;
}

return 0;

static async Task LoadAsync(string gateway, int count, int concurrency)
{
    var crypt = new MessageCrypt(DemoPlatform.Token, DemoPlatform.EncodingAesKey, DemoPlatform.AppId);
    var start = DateTimeOffset.UtcNow;
    var runId = start.ToUnixTimeSeconds() * 10_000_000L;
    var pushes = Enumerable.Range(0, count).Select(i => Pushes.Message(crypt, runId + i, start)).ToArray();
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(gateway) };
    var path = $"/wechat/{DemoPlatform.AppId}/messages/{Pushes.Account}";

    var next = -1;
    var failures = 0;
    var latencies = new double[count];
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var push = pushes[i];
            var began = Stopwatch.GetTimestamp();
            using var content = new StringContent(push.Body, System.Text.Encoding.UTF8, "text/xml");
            using var response = await http.PostAsync($"{path}?timestamp={push.Timestamp}&nonce={push.Nonce}&signature={push.Signature}&openid=oBench&encrypt_type=aes&msg_signature={push.MsgSignature}", content);
            var body = await response.Content.ReadAsStringAsync();
            latencies[i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            if (!response.IsSuccessStatusCode || body != "success")
            {
                Interlocked.Increment(ref failures);
            }
        }
    }));
    var elapsed = clock.Elapsed;
    Array.Sort(latencies);
    Console.WriteLine(FormattableString.Invariant(
        $"| gateway: message pushes ({count:N0}, {concurrency} connections) | {count / elapsed.TotalSeconds:N0} /s, p50 {latencies[count / 2]:F2} ms, p99 {latencies[(int)(count * 0.99)]:F2} ms, {failures} not answered success |"));
    Console.WriteLine(FormattableString.Invariant($"LOAD_RATE={count / elapsed.TotalSeconds:F0}"));
}
