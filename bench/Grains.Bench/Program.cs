using System.Diagnostics;
using System.Globalization;
using Grains;
using Grains.Bench;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

// B5's client side against a running cluster (bench/b5-cluster.sh): `Grains.Bench b5 authorize|list|read|judge ...`.
if (args is ["b5", ..])
{
    return await ClusterDriver.RunAsync(args[1..]);
}

// B7's client side (bench/b7-campaign.sh): `Grains.Bench b7 sandbox|campaign ...`.
if (args is ["b7", ..])
{
    return await ClusterDriver.RunCampaignAsync(args[1..]);
}

// B7 on a simulated clock: `Grains.Bench b7sim [accounts] [audit-hours] [--kill]` (see Simulated/SimulatedCampaign).
if (args is ["b7sim", ..])
{
    var accounts = args.Length > 1 && args[1] != "--kill" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
    var auditHours = args.Length > 2 && args[2] != "--kill" ? double.Parse(args[2], CultureInfo.InvariantCulture) : 3;
    var outcome = await Grains.Bench.Simulated.SimulatedCampaign.RunAsync(accounts, TimeSpan.FromHours(auditHours), args.Contains("--kill"));
    foreach (var row in outcome.Rows)
    {
        Console.WriteLine(row);
    }

    return outcome.EveryAccountOnce ? 0 : 1;
}

// B3: `Grains.Bench refresh [authorizers]`, refresh at scale on a simulated clock (see RefreshAtScale).
if (args is ["refresh", ..])
{
    var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---|");
    // The product's defaults for 2-hour tokens (RefreshJitter must leave RefreshBefore − RefreshJitter − MinimumValidity
    // above ReminderPeriod, the retry period after a failed refresh), and 20-minute tokens for four times the refresh rate.
    // B3_LIFETIMES=short runs only the second, B3_LIFETIMES=long only the first; B3_WATCH is how many lifetimes are
    // watched after the last authorization (1.5 by default).
    var runs = new[]
    {
        (Lifetime: TimeSpan.FromHours(2), RefreshBefore: TimeSpan.FromMinutes(15), Jitter: TimeSpan.FromMinutes(5), Period: TimeSpan.FromMinutes(3)),
        (Lifetime: TimeSpan.FromMinutes(20), RefreshBefore: TimeSpan.FromMinutes(5), Jitter: TimeSpan.FromMinutes(1), Period: TimeSpan.FromMinutes(2)),
    };
    var watched = double.Parse(Environment.GetEnvironmentVariable("B3_WATCH") ?? "1.5", CultureInfo.InvariantCulture);
    var chosen = Environment.GetEnvironmentVariable("B3_LIFETIMES") switch { "short" => runs[1..], "long" => runs[..1], _ => runs };
    foreach (var (lifetime, refreshBefore, jitter, reminderPeriod) in chosen)
    {
        foreach (var row in await RefreshAtScale.RunAsync(count, lifetime, refreshBefore, jitter, reminderPeriod, watched))
        {
            Console.WriteLine(row);
        }
    }

    return 0;
}

// B2 of the benchmark plan: token reads through an Orleans client against a constant-answer grain, side by side,
// and the memory of N authorizers active and idle. Usage: Grains.Bench [authorizers] [seconds] [concurrency]
var authorizers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
const string component = "wxbe4c4c0de0000001";

var builder = new InProcessTestClusterBuilder(1);
builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    // No WeChat call happens while reading: every grant carries a token valid for days.
    ["WeChat:ApiBaseUrl"] = "http://127.0.0.1:9",
    ["WeChat:Components:0:AppId"] = component,
    ["WeChat:Components:0:AppSecret"] = "bench",
    ["WeChat:Components:0:Token"] = "bench",
    ["WeChat:Components:0:EncodingAESKey"] = new string('B', 43),
    ["Logging:LogLevel:Default"] = "Warning",
}));
builder.ConfigureSilo((_, silo) =>
{
    silo.AddMemoryGrainStorage(GrainStorage.Name);
    silo.UseInMemoryReminderService();
    silo.Services.AddPlatformGrains();
});
await using var cluster = builder.Build();
await cluster.DeployAsync();
var client = cluster.Client;

var appIds = Enumerable.Range(0, authorizers).Select(i => $"wxbe4c4acc{i:D8}").ToArray();
var keys = appIds.Select(appId => AuthorizerKey.For(component, appId)).ToArray();
var memoryBefore = Settle();
var expires = DateTimeOffset.UtcNow.AddDays(3);
foreach (var batch in appIds.Chunk(500))
{
    await Task.WhenAll(batch.Select(appId => client.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(component, appId)).AcceptGrantAsync(
        new AuthorizerGrant(appId, "refreshtoken@@@" + appId, new AccessToken("token-" + appId, expires), [1, 2, 3], null))));
}

var memoryActive = Settle();
var management = client.GetGrain<IManagementGrain>(0);
var activeGrains = await AuthorizerActivations.CountAsync(client);
await management.ForceActivationCollection(TimeSpan.Zero);
await Task.Delay(2000);
var idleGrains = await AuthorizerActivations.CountAsync(client);
var memoryIdle = Settle();

// Alternate the two runs and keep the second round, so warm-up and JIT favour neither.
Run constant = null!, tokens = null!;
for (var round = 0; round < 2; round++)
{
    constant = await MeasureAsync("constant grain (Orleans call limit)", i => client.GetGrain<IConstantGrain>(keys[i % keys.Length]).GetTokenAsync());
    tokens = await MeasureAsync("authorizer token read", i => client.GetGrain<IAuthorizerGrain>(keys[i % keys.Length]).GetTokenAsync());
}

Console.WriteLine($"| measure | value |");
Console.WriteLine($"|---|---|");
Console.WriteLine($"| authorizers | {authorizers:N0} |");
Console.WriteLine($"| concurrency | {concurrency} callers, {seconds} s per run |");
foreach (var run in new[] { constant, tokens })
{
    Console.WriteLine($"| {run.Name}: calls/s | {run.PerSecond:N0} |");
    Console.WriteLine($"| {run.Name}: p50 / p99 latency | {run.P50:0.000} ms / {run.P99:0.000} ms |");
}

Console.WriteLine($"| token reads / constant calls | {tokens.PerSecond / constant.PerSecond:0.00}x |");
Console.WriteLine($"| authorizer activations: active / after idle collection | {activeGrains:N0} / {idleGrains:N0} |");
Console.WriteLine($"| managed memory per active authorizer (activation + state + reminder + storage row) | {(memoryActive - memoryBefore) / (double)authorizers:N0} bytes |");
Console.WriteLine($"| managed memory per idle authorizer (storage row + reminder only; in-memory storage here, PostgreSQL in production) | {Math.Max(0, memoryIdle - memoryBefore) / (double)authorizers:N0} bytes |");

return 0;

long Settle()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    return GC.GetTotalMemory(forceFullCollection: true);
}

async Task<Run> MeasureAsync(string name, Func<int, Task<AccessToken>> call)
{
    for (var i = 0; i < 2000; i++)
    {
        await call(i);
    }

    var latencies = new List<double>[concurrency];
    var stop = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var mine = latencies[worker] = new List<double>(100_000);
        var i = worker;
        while (stop.Elapsed < deadline)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            i += concurrency;
        }
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return new Run(name, all.Length / stop.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
}

internal sealed record Run(string Name, double PerSecond, double P50, double P99);
