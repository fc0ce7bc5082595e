using System.Diagnostics;
using Grains.Bench.Simulated;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Reminders;
using Orleans.TestingHost;
using Sandbox;
using WeChat.Api;

namespace Grains.Bench;

/// <summary>
/// B3: N authorizers keep their tokens fresh against the sandbox over real HTTP, with real grains, reminders and
/// storage, on a simulated clock shared by sandbox, grains and reminder service (so hours of token lives take
/// minutes; every tick, refresh and write is real work). Authorizations arrive spread over one token lifetime,
/// then everything is watched for another 1.5 lifetimes while readers ask for tokens.
/// </summary>
internal static partial class RefreshAtScale
{
    private const string Component = "wxbe3c0de000000001";
    private static readonly TimeSpan MinimumValidity = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    /// <summary>The authorizer grain's collection age (5 minutes), in simulated steps.</summary>
    private const int IdleSteps = 5;

    public static async Task<IReadOnlyList<string>> RunAsync(int authorizers, TimeSpan lifetime, TimeSpan refreshBefore, TimeSpan refreshJitter, TimeSpan reminderPeriod, double watchedLifetimes)
    {
        var time = new SimulatedClock(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
        var accounts = Enumerable.Range(0, authorizers).Select(i => $"wxbe3acc{i:D10}").ToArray();
        await using var sandbox = await SandboxServer.StartAsync(options =>
        {
            options.TicketPushInterval = TimeSpan.Zero;
            options.IncludeReleaseTestAccounts = false;
            options.AuthorizerTokenLifetime = lifetime;

            // api_query_auth counts per platform (the sandbox's 10,000 a day is a guess): room for every authorization.
            options.DefaultDailyQuota = Math.Max(options.DefaultDailyQuota, 2 * authorizers);
            options.Components.Add(new SandboxComponent { AppId = Component, AppSecret = "bench-secret", Token = "benchtoken", EncodingAESKey = new string('C', 43), AllowedClientIps = ["127.0.0.1", "::1"] });
            options.Components[0].AllowedClientIps.Add("127.0.0.1");
            options.Accounts.AddRange(accounts.Select(a => new SandboxAccount { AppId = a, UserName = "gh_" + a[4..], NickName = a }));
        }, time, logging: l => l.ClearProviders());

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = sandbox.BaseUrl,
            ["WeChat:Components:0:AppId"] = Component,
            ["WeChat:Components:0:AppSecret"] = "bench-secret",
            ["WeChat:Components:0:Token"] = "benchtoken",
            ["WeChat:Components:0:EncodingAESKey"] = new string('C', 43),
            ["Tokens:RefreshBefore"] = refreshBefore.ToString(),
            ["Tokens:MinimumValidity"] = MinimumValidity.ToString(),
            ["Tokens:ReminderPeriod"] = reminderPeriod.ToString(),
            ["Tokens:RefreshJitter"] = refreshJitter.ToString(),
            ["Logging:LogLevel:Default"] = "Error",
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            // The test host logs Information to a file (six lines an authorization); warnings and errors only.
            silo.Services.PostConfigure<LoggerFilterOptions>(o =>
            {
                o.Rules.Clear();
                o.MinLevel = LogLevel.Warning;
            });
            silo.AddMemoryGrainStorage(GrainStorage.Name);
            silo.UseInMemoryReminderService();
            silo.Services.AddPlatformGrains();
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainClock.Key, time);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, time);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grains = cluster.Client;
        var wechat = cluster.Silos[0].SiloHost.Services.GetRequiredService<IComponentApi>();
        using var counters = new Counters();

        var component = grains.GetGrain<IComponentGrain>(Component);
        await component.RecordTicketAsync(sandbox.World.Tickets.Issue(Component), time.GetUtcNow());
        await component.GetTokenAsync();
        var memoryBefore = Settle();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();

        // Authorizations arrive evenly over one lifetime, as merchants do, not all in the same second.
        var perStep = (int)Math.Ceiling(authorizers / (lifetime / Step));
        var authorized = 0;
        using var stopReaders = new CancellationTokenSource();
        var reads = new Reads();
        var management = grains.GetGrain<IManagementGrain>(0);
        var stepsEndedAt = new Queue<TimeSpan>();
        var readers = Enumerable.Range(0, 4).Select(_ => ReadAsync(grains, accounts, () => Volatile.Read(ref authorized), time, reads, stopReaders.Token)).ToArray();
        var totalSteps = (int)(lifetime * (1 + watchedLifetimes) / Step);
        Snapshot? steady = null;
        for (var step = 0; step < totalSteps; step++)
        {
            if (authorized < authorizers)
            {
                var batch = accounts.Skip(authorized).Take(perStep).ToArray();
                var componentToken = (await component.GetTokenAsync()).Value;
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (account, _) =>
                    await GrantAsync(grains, wechat, componentToken, Approve(sandbox.World, account), time));
                Volatile.Write(ref authorized, authorized + batch.Length);
            }
            else
            {
                // From here on only the steady state runs: ticks, refreshes, reads.
                steady ??= new Snapshot(time.GetUtcNow(), Process.GetCurrentProcess().TotalProcessorTime, wall.Elapsed, counters.Ticks, counters.Writes, counters.StorageReads, counters.TokenTicks);
            }

            time.Advance(Step);
            await counters.SettleAsync();

            // An authorizer unused for 5 simulated minutes deactivates, as it would after 5 real ones: Orleans' own
            // collector counts real time, which here passes several times slower than the simulated clock.
            stepsEndedAt.Enqueue(wall.Elapsed);
            if (stepsEndedAt.Count > IdleSteps)
            {
                await management.ForceActivationCollection(wall.Elapsed - stepsEndedAt.Dequeue());
            }

            if (step % 10 == 9)
            {
                // Progress on stderr, so a run that does not finish still says how far it got and what it held.
                Console.Error.WriteLine($"B3 {Hours(lifetime)}: step {step + 1}/{totalSteps}, {Volatile.Read(ref authorized):N0}/{authorizers:N0} authorized, {wall.Elapsed.TotalSeconds:N0} s, " +
                    $"managed {GC.GetTotalMemory(false) / 1048576:N0} MiB, working set {Environment.WorkingSet / 1048576:N0} MiB, {counters.TokenTicks:N0} ticks");
            }
        }

        await stopReaders.CancelAsync();
        await Task.WhenAll(readers);
        var elapsed = wall.Elapsed;
        steady ??= new Snapshot(time.GetUtcNow(), cpu, TimeSpan.Zero, 0, 0, 0, 0);
        var steadyCpu = Process.GetCurrentProcess().TotalProcessorTime - steady.Cpu;
        var steadyTicks = counters.Ticks - steady.Ticks;
        var steadyWrites = counters.Writes - steady.Writes;
        var steadyReads = counters.StorageReads - steady.StorageReads;
        var steadyTokenTicks = counters.TokenTicks - steady.TokenTicks;
        var steadyRefreshes = sandbox.World.Calls.All(ComponentApis.AuthorizerToken).Count(c => c.ErrorCode == 0 && c.At >= steady.At);
        var memoryAtEnd = Settle();
        var active = await AuthorizerActivations.CountAsync(grains);
        var verdict = Judge(sandbox.World, accounts, time.GetUtcNow(), lifetime, refreshBefore);
        var refreshes = verdict.Refreshes;
        var simulated = time.GetUtcNow() - new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        var ticksPerRefresh = (double)steadyTokenTicks / Math.Max(1, steadyRefreshes);
        var realRefreshes = authorizers / (lifetime - refreshBefore + refreshJitter / 2).TotalSeconds;

        return
        [
            $"| token lifetime {Hours(lifetime)} (refresh {Hours(refreshBefore)} before expiry + jitter up to {Hours(refreshJitter)}, retry every {Hours(reminderPeriod)}) | {authorizers:N0} authorizers, {Hours(simulated)} simulated in {elapsed.TotalSeconds:N0} s ({(wall.Elapsed - steady.Wall).TotalSeconds:N0} s of it steady state) |",
            $"| refreshes / tokens that came due | {refreshes:N0} / {verdict.CameDue:N0} = {(double)refreshes / Math.Max(1, verdict.CameDue):0.00} ({verdict.Doubled} doubled, {verdict.Missed} missed) |",
            $"| tokens handed out expired / with under {MinimumValidity.TotalSeconds:0} s left | {reads.Expired} / {reads.BelowMinimum} of {reads.Total:N0} reads ({reads.Failed} timed out) |",
            $"| steady state: reminder ticks per token lifetime (token grains' ticks / refreshes) | {steadyTokenTicks:N0} / {steadyRefreshes:N0} = {(double)steadyTokenTicks / Math.Max(1, steadyRefreshes):0.00} (Orleans delivered {steadyTicks:N0}) |",
            $"| steady state: storage writes / storage reads per refresh | {steadyWrites:N0} / {steadyReads:N0} ({(double)steadyWrites / Math.Max(1, steadyRefreshes):0.00} writes and {(double)steadyReads / Math.Max(1, steadyRefreshes):0.00} reads per refresh) |",
            $"| steady state: process CPU (silo, sandbox, readers) per refresh, ticks included | {steadyCpu.TotalMilliseconds * 1000 / Math.Max(1, steadyRefreshes):N0} µs ({steadyCpu.TotalMilliseconds * 1000 / Math.Max(1, steadyTicks + steadyRefreshes):N0} µs per tick or refresh) |",
            $"| managed memory per authorizer at the end, {active:N0} of {authorizers:N0} authorizer grains active (grains, reminders, in-memory storage rows and index, and the in-process sandbox's records and journal) | {(memoryAtEnd - memoryBefore) / (double)authorizers:N0} bytes; peak working set of the process {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576:N0} MiB |",
            $"| in real time this is | {realRefreshes * ticksPerRefresh:N1} reminder ticks/s and {realRefreshes:N1} refreshes/s, i.e. about {realRefreshes * steadyCpu.TotalSeconds / Math.Max(1, steadyRefreshes) * 100:N1}% of one core at the measured cost |",
        ];
    }

    /// <summary>
    /// Exchanges the code with api_query_auth and hands the grant to the authorizer, as the component grain does,
    /// without adding each account to the component's own authorizer list: 100,000 merchants arrive over months,
    /// not in the minutes this benchmark has, and that list is not what is measured here.
    /// </summary>
    private static async Task GrantAsync(IGrainFactory grains, IComponentApi wechat, string componentToken, string code, TimeProvider time)
    {
        var authorization = (await wechat.QueryAuthAsync(componentToken, Component, code)).AuthorizationInfo;
        var token = new AccessToken(authorization.AuthorizerAccessToken!, time.GetUtcNow().AddSeconds(authorization.ExpiresIn!.Value));
        await grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(Component, authorization.AuthorizerAppId))
            .AcceptGrantAsync(new AuthorizerGrant(authorization.AuthorizerAppId, authorization.AuthorizerRefreshToken!, token, authorization.PermissionSetIds, null));
    }

    private static string Approve(SandboxWorld world, string account)
    {
        var platform = world.Options.FindComponent(Component)!;
        var preAuthCode = world.Codes.CreatePreAuthCode(Component).Value;
        world.Codes.TryConsumePreAuthCode(Component, preAuthCode);
        return world.Approve(platform, world.FindAccount(account)!, preAuthCode, platform.PermissionSets, pushEvent: false).Value;
    }

    /// <summary>
    /// From the sandbox's journal of token calls: a refresh of a token younger than lifetime − RefreshBefore is
    /// doubled; a token still current past lifetime − MinimumValidity was missed.
    /// </summary>
    private static Verdict Judge(SandboxWorld world, string[] accounts, DateTimeOffset now, TimeSpan lifetime, TimeSpan refreshBefore)
    {
        var issued = world.Calls.All(ComponentApis.QueryAuth).Concat(world.Calls.All(ComponentApis.AuthorizerToken))
            .Where(c => c.ErrorCode == 0 && c.AuthorizerAppId is not null)
            .GroupBy(c => c.AuthorizerAppId!)
            .ToDictionary(g => g.Key, g => g.Select(c => c.At).Order().ToList());
        int refreshes = 0, doubled = 0, missed = 0, cameDue = 0;
        foreach (var account in accounts)
        {
            var times = issued.GetValueOrDefault(account) ?? [];
            for (var i = 1; i < times.Count; i++)
            {
                refreshes++;
                cameDue++;
                var age = times[i] - times[i - 1];
                doubled += age < lifetime - refreshBefore ? 1 : 0;
                missed += age > lifetime - MinimumValidity ? 1 : 0;
            }

            if (times.Count > 0 && now - times[^1] > lifetime - MinimumValidity)
            {
                missed++;
                cameDue++;
            }
        }

        return new Verdict(refreshes, cameDue, doubled, missed);
    }

    private static async Task ReadAsync(IGrainFactory grains, string[] accounts, Func<int> authorized, TimeProvider time, Reads reads, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var count = authorized();
            if (count == 0)
            {
                await Task.Delay(10, CancellationToken.None);
                continue;
            }

            var account = accounts[Random.Shared.Next(count)];
            try
            {
                var token = await grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(Component, account)).GetTokenAsync();
                var left = token.ExpiresAt - time.GetUtcNow();
                reads.Record(left <= TimeSpan.Zero, left < MinimumValidity);
            }
            catch (TimeoutException)
            {
                // A starved process (a shared machine) can miss Orleans' 30 s response timeout; counted, not fatal.
                reads.RecordFailure();
            }
            await Task.Delay(5, CancellationToken.None);
        }
    }

    private static long Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Hours(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0.#} min";
}
