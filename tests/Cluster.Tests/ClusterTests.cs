using System.Diagnostics;
using System.Net.Http.Json;
using Cluster.Tests.Support;

namespace Cluster.Tests;

/// <summary>Three silo processes, a gateway process, the sandbox and PostgreSQL on loopback.</summary>
public sealed partial class ClusterTests(LocalCluster cluster) : IClassFixture<LocalCluster>
{
    private static readonly TimeSpan RefreshGapTolerance = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PostgresOutage = TimeSpan.FromSeconds(30);

    /// <summary>Twice the longest wait between a stored delivery's retries here (Webhooks:RetryMaxDelay).</summary>
    private static readonly TimeSpan RetriesSettled = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_silo_killed_with_SIGKILL_under_load_fails_no_read_loses_nothing_and_its_reminders_fire_on_the_survivors()
    {
        await cluster.StartAllAsync();
        using var readers = new Readers(cluster, clients: 50);
        await readers.AllServedSinceAsync(DateTimeOffset.UtcNow);

        var killedAt = DateTimeOffset.UtcNow;
        await cluster.Silos[1].KillAsync();

        // Until the dead silo is voted out and every token came due once more, read all the while.
        await Eventually.Until(async () => await cluster.SiloStatusAsync("silo2") == 6, TimeSpan.FromMinutes(3), "silo2 is declared dead");
        await Eventually.Until(async () =>
        {
            var refreshed = (await cluster.WeChatCallsAsync("api_authorizer_token")).Where(c => c.At > killedAt).Select(c => c.AuthorizerAppId).ToHashSet();
            return LocalCluster.Hot.Concat(LocalCluster.Idle).All(refreshed.Contains);
        }, TimeSpan.FromMinutes(4), "every account was refreshed after the kill");
        var report = await readers.StopAsync();
        Report(
            $"kill -9 of one of three silos, 50 readers: {report.Reads} reads, {report.Failures} failed; longest run of failed reads {report.LongestOutage.TotalSeconds:F1} s; shortest validity handed out {report.ShortestValidity.TotalSeconds:F0} s");

        // Every reader's account was read before the kill: its gateway serves the token it holds while the grain is out of reach.
        Assert.Equal(0, report.Failures);
        Assert.True(report.ShortestValidity >= LocalCluster.MinimumValidity - TimeSpan.FromSeconds(2), $"a token with only {report.ShortestValidity} left was handed out");

        var refreshes = await cluster.WeChatCallsAsync("api_authorizer_token");
        foreach (var account in LocalCluster.Hot.Concat(LocalCluster.Idle))
        {
            // Idle accounts are read by nobody: only their reminders, on whichever silo now owns them, refresh them.
            Assert.Contains(refreshes, c => c.AuthorizerAppId == account && c.At > killedAt);
        }

        await AssertOneRefreshPerLifetimeAsync();
        await AssertEveryAccountServedAsync();
    }

    [Fact]
    public async Task A_silo_stopped_with_SIGTERM_leaves_the_cluster_cleanly_and_its_grains_move_on_without_an_outage()
    {
        await cluster.StartAllAsync();
        using var readers = new Readers(cluster, clients: 20);
        await readers.AllServedSinceAsync(DateTimeOffset.UtcNow);

        var stopping = Stopwatch.StartNew();
        await cluster.Silos[2].StopAsync();
        var leftAfter = stopping.Elapsed;

        // Until every reader was served again, its account's grain on a surviving silo.
        await readers.AllServedSinceAsync(DateTimeOffset.UtcNow);
        var report = await readers.StopAsync();
        var status = await cluster.SiloStatusAsync("silo3");
        Report($"SIGTERM of one of three silos, 20 readers: left in {leftAfter.TotalSeconds:F1} s with exit code {cluster.Silos[2].ExitCode}, membership status {status}; {report.Reads} reads, {report.Failures} failed, longest run of failed reads {report.LongestOutage.TotalSeconds:F1} s");

        Assert.Equal(0, cluster.Silos[2].ExitCode);
        Assert.True(leftAfter < TimeSpan.FromSeconds(25), $"took {leftAfter} to leave");
        Assert.Equal(6, status);
        Assert.True(report.LongestOutage < TimeSpan.FromSeconds(2), $"reads failed for {report.LongestOutage.TotalSeconds:F1} s in a row");
        await AssertEveryAccountServedAsync();
        await cluster.StartAllAsync();
    }

    [Fact]
    public async Task After_the_whole_cluster_restarts_tickets_tokens_and_refresh_tokens_come_back_without_asking_WeChat()
    {
        await cluster.StartAllAsync();
        var componentToken = await cluster.ComponentTokenAsync();
        await Task.WhenAll(LocalCluster.All.Select(cluster.GrainTokenAsync));
        var stoppedAt = DateTimeOffset.UtcNow;

        await cluster.StopAllAsync();
        var exitCodes = cluster.Silos.Append(cluster.Gateway).Select(n => n.ExitCode).ToList();

        // The newest token WeChat issued each account, read once nothing is left to ask for another: what must come
        // back. (What a grain answered before the stop is not: just after an earlier test's silo failures, a duplicate
        // activation can answer its older, still valid token until it meets the newer state.)
        var issuedAt = DateTimeOffset.UtcNow;
        var issued = await Task.WhenAll(LocalCluster.All.Select(cluster.IssuedTokenAsync));
        await cluster.StartAllAsync();

        Assert.All(exitCodes, code => Assert.Equal(0, code));
        Assert.Equal(componentToken, await cluster.ComponentTokenAsync());
        Assert.DoesNotContain(await cluster.WeChatCallsAsync("api_component_token"), c => c.At > stoppedAt);
        Assert.DoesNotContain(await cluster.WeChatCallsAsync("api_start_push_ticket"), c => c.At > stoppedAt);
        Assert.DoesNotContain(await cluster.WeChatCallsAsync("api_query_auth"), c => c.At > stoppedAt);

        // The calls are read after the tokens, so a refresh that came due while they were read is seen.
        var after = await Task.WhenAll(LocalCluster.All.Select(cluster.GrainTokenAsync));
        var refreshes = await cluster.WeChatCallsAsync("api_authorizer_token");
        var refreshedSince = refreshes.Where(c => c.At > issuedAt).Select(c => c.AuthorizerAppId).ToHashSet();
        for (var i = 0; i < after.Length; i++)
        {
            // The same token comes back, unless it came due meanwhile and was refreshed (at most once, checked below).
            var account = LocalCluster.All.ElementAt(i);
            Assert.True(after[i] == issued[i] || refreshedSince.Contains(account),
                $"{account} came back with the sandbox's token generation {Generation(after[i])}, not its newest {Generation(issued[i])}; " +
                $"stopped at {stoppedAt:HH:mm:ss.fff}, read at {issuedAt:HH:mm:ss.fff}, refreshed at " +
                string.Join(", ", refreshes.Where(c => c.AuthorizerAppId == account).Select(c => $"{c.At:HH:mm:ss.fff}")));
        }

        Assert.All(await cluster.AuthorizersAsync(), a => Assert.Equal("authorized", a.Status));
        await AssertOneRefreshPerLifetimeAsync();
    }

    [Fact]
    public async Task With_PostgreSQL_down_for_30_seconds_valid_tokens_are_still_served_and_everything_recovers_by_itself()
    {
        Assert.SkipUnless(cluster.Postgres.Owned, "TEST_POSTGRES names a server these tests cannot stop.");
        await cluster.StartAllAsync();

        // The readers' accounts are in use (their grains active) when the database goes, as a busy platform's are, and
        // each holds a token that outlives the outage (a refresh needs the database, so none can happen during it):
        // tokens live 150 s and are refreshed 100 s before expiry, so waiting out a refresh in progress is enough.
        await Eventually.Until(
            () => Task.WhenAll(LocalCluster.Hot.Select(a => cluster.ReadTokenAsync(a))),
            reads => reads.All(r => r.Status == 200 && r.ExpiresAt - DateTimeOffset.UtcNow > TimeSpan.FromSeconds(75)),
            TimeSpan.FromSeconds(90), "the readers' tokens are all fresh at once");

        // Read last, so it is still the current token when reported below (a reminder may refresh it while waiting above).
        var probe = await cluster.ReadTokenAsync(LocalCluster.Probe);
        Assert.Equal(200, probe.Status);
        await cluster.Postgres.StopAsync();
        var outage = Stopwatch.StartNew();
        try
        {
            using var readers = new Readers(cluster, clients: 10);
            await readers.AllServedSinceAsync(DateTimeOffset.UtcNow);

            // Refreshing needs the database (a rotated refresh token must be stored first): refused, with when to retry.
            using var refused = await RefreshAsync(probe.AccessToken!);
            Assert.Equal(503, (int)refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);

            // The outage's length is the scenario itself (what lives through 30 s without the database), not a wait for something.
            await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (PostgresOutage - outage.Elapsed).Ticks)), TestContext.Current.CancellationToken);
            var report = await readers.StopAsync();
            Report($"PostgreSQL down 30 s, 10 readers: {report.Reads} reads, {report.Failures} failed");
            Assert.Equal(0, report.Failures);
        }
        finally
        {
            await cluster.Postgres.StartAgainAsync();
        }

        await Eventually.Until(async () =>
        {
            using var refreshed = await RefreshAsync(probe.AccessToken!);
            return refreshed.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60), "the cluster recovers within 60 s of the database's return");

        await Task.WhenAll(cluster.Silos.Select(s => s.WaitReadyAsync()));
        Assert.NotEqual(probe.AccessToken, (await cluster.ReadTokenAsync(LocalCluster.Probe)).AccessToken);
        await AssertEveryAccountServedAsync();
    }

    /// <summary>The sandbox numbers the tokens it issues (<c>{generation}_…</c>): enough to tell which one came back.</summary>
    private static string Generation(string token) => token.Split('_')[0];

    /// <summary>Measured figures go to the test output and to TestResults/cluster-report.txt, which scripts/test.sh prints.</summary>
    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        File.AppendAllText(Path.Combine(directory.FullName, "cluster-report.txt"), $"{DateTimeOffset.UtcNow:u} {line}{Environment.NewLine}");
    }

    private Task<HttpResponseMessage> RefreshAsync(string rejectedToken) =>
        cluster.Api.PostAsJsonAsync($"/api/components/{LocalCluster.ComponentAppId}/authorizers/{LocalCluster.Probe}/token/refresh", new { rejected_token = rejectedToken });

    /// <summary>
    /// Exactly one WeChat refresh per token lifetime: for every account, consecutive tokens (from the authorization,
    /// then each refresh) are at least lifetime − RefreshBefore apart, so no token was refreshed twice.
    /// </summary>
    private async Task AssertOneRefreshPerLifetimeAsync()
    {
        var issued = (await cluster.WeChatCallsAsync("api_query_auth")).Concat(await cluster.WeChatCallsAsync("api_authorizer_token"));
        var minimumGap = LocalCluster.TokenLifetime - LocalCluster.RefreshBefore - RefreshGapTolerance;
        foreach (var account in LocalCluster.Hot.Concat(LocalCluster.Idle))
        {
            var times = issued.Where(c => c.AuthorizerAppId == account).Select(c => c.At).Order().ToList();
            for (var i = 1; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 1] >= minimumGap, $"{account} was refreshed twice within {(times[i] - times[i - 1]).TotalSeconds:F0} s");
            }
        }
    }

    private async Task AssertEveryAccountServedAsync()
    {
        foreach (var account in LocalCluster.All)
        {
            var read = await cluster.ReadTokenAsync(account);
            Assert.Equal(200, read.Status);
            Assert.True(read.ExpiresAt - DateTimeOffset.UtcNow >= LocalCluster.MinimumValidity - TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Business services reading the hot accounts' tokens in a loop, recording failures and what they got.</summary>
    private sealed class Readers : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<ReaderReport>[] _clients;

        /// <summary>Per client, when its latest successful read began (UTC ticks).</summary>
        private readonly long[] _servedAt;

        public Readers(LocalCluster cluster, int clients)
        {
            _servedAt = new long[clients];
            _clients = [.. Enumerable.Range(0, clients).Select(i => Task.Run(() => ReadAsync(cluster, LocalCluster.Hot[i % LocalCluster.Hot.Count], i, _stop.Token)))];
        }

        /// <summary>Until every client had a read that began after <paramref name="since"/> served.</summary>
        public Task AllServedSinceAsync(DateTimeOffset since) =>
            Eventually.Until(() => Enumerable.Range(0, _servedAt.Length).All(i => Interlocked.Read(ref _servedAt[i]) > since.UtcTicks),
                what: $"every reader served since {since:HH:mm:ss.fff}");

        public async Task<ReaderReport> StopAsync()
        {
            await _stop.CancelAsync();
            var reports = await Task.WhenAll(_clients);
            return new ReaderReport(
                reports.Sum(r => r.Reads),
                reports.Sum(r => r.Failures),
                reports.Max(r => r.LongestOutage),
                reports.Min(r => r.ShortestValidity));
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }

        private async Task<ReaderReport> ReadAsync(LocalCluster cluster, string account, int client, CancellationToken stop)
        {
            int reads = 0, failures = 0;
            var longest = TimeSpan.Zero;
            var shortestValidity = TimeSpan.MaxValue;
            DateTimeOffset? failingSince = null;
            while (!stop.IsCancellationRequested)
            {
                var began = DateTimeOffset.UtcNow;
                var read = await cluster.ReadTokenAsync(account, stop);
                var now = DateTimeOffset.UtcNow;
                reads++;
                if (read.Status == 200)
                {
                    Interlocked.Exchange(ref _servedAt[client], began.UtcTicks);
                    shortestValidity = TimeSpan.FromTicks(Math.Min(shortestValidity.Ticks, (read.ExpiresAt - now).Ticks));
                    if (failingSince is { } since)
                    {
                        longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (now - since).Ticks));
                        failingSince = null;
                    }
                }
                else if (!stop.IsCancellationRequested)
                {
                    failures++;
                    failingSince ??= now;
                }

                try
                {
                    await Task.Delay(50, stop);
                }
                catch (OperationCanceledException)
                {
                }
            }

            if (failingSince is { } stillFailing)
            {
                longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (DateTimeOffset.UtcNow - stillFailing).Ticks));
            }

            return new ReaderReport(reads, failures, longest, shortestValidity);
        }
    }

    private sealed record ReaderReport(int Reads, int Failures, TimeSpan LongestOutage, TimeSpan ShortestValidity);
}
