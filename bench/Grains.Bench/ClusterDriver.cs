using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Grains.Bench;

/// <summary>
/// B5's client side against a running cluster (bench/b5-cluster.sh starts it): authorizations through the gateway's
/// callback route as WeChat's redirect would send them, paged listing latency, token readers, and the sandbox journal's
/// verdict. Every command prints <c>key=value</c> lines on stdout for the script to pick up; progress goes to stderr.
/// <code>
/// Grains.Bench b5 sandbox &lt;port&gt; &lt;gateway&gt; &lt;lifetime s&gt; &lt;prefix&gt; &lt;accounts&gt;
/// Grains.Bench b5 authorize &lt;gateway&gt; &lt;sandbox&gt; &lt;component&gt; &lt;prefix&gt; &lt;from&gt; &lt;count&gt; &lt;concurrency&gt;
/// Grains.Bench b5 list &lt;gateway&gt; &lt;key&gt; &lt;component&gt; &lt;prefix&gt; &lt;accounts&gt; &lt;requests&gt;
/// Grains.Bench b5 read &lt;gateway&gt; &lt;key&gt; &lt;component&gt; &lt;prefix&gt; &lt;accounts&gt; &lt;seconds&gt; &lt;readers&gt;
/// Grains.Bench b5 judge &lt;sandbox&gt; &lt;prefix&gt; &lt;accounts&gt; &lt;lifetime s&gt; &lt;refresh-before s&gt; &lt;minimum-validity s&gt; &lt;window-from unix&gt; &lt;window-to unix&gt;
/// </code>
/// </summary>
internal static class ClusterDriver
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Account(string prefix, int i) => prefix + i.ToString("D10", CultureInfo.InvariantCulture);

    public static async Task<int> RunAsync(string[] args)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AllowAutoRedirect = false,
        })
        { Timeout = TimeSpan.FromSeconds(60) };
        switch (args)
        {
            case ["sandbox", var port, var gateway, var lifetime, var prefix, var accounts]:
                return await SandboxAsync(int.Parse(port, CultureInfo.InvariantCulture), gateway, TimeSpan.FromSeconds(double.Parse(lifetime, CultureInfo.InvariantCulture)), prefix, int.Parse(accounts, CultureInfo.InvariantCulture));
            case ["authorize", var gateway, var sandbox, var component, var prefix, var from, var count, var concurrency]:
                return await AuthorizeAsync(http, gateway, sandbox, component, prefix, int.Parse(from, CultureInfo.InvariantCulture),
                    int.Parse(count, CultureInfo.InvariantCulture), int.Parse(concurrency, CultureInfo.InvariantCulture));
            case ["list", var gateway, var key, var component, var prefix, var accounts, var requests]:
                return await ListAsync(http, gateway, key, component, prefix, int.Parse(accounts, CultureInfo.InvariantCulture), int.Parse(requests, CultureInfo.InvariantCulture));
            case ["read", var gateway, var key, var component, var prefix, var accounts, var seconds, var readers]:
                return await ReadAsync(http, gateway, key, component, prefix, int.Parse(accounts, CultureInfo.InvariantCulture),
                    TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)), int.Parse(readers, CultureInfo.InvariantCulture));
            case ["judge", var sandbox, var prefix, var accounts, var lifetime, var refreshBefore, var minimum, var windowFrom, var windowTo]:
                return await JudgeAsync(http, sandbox, prefix, int.Parse(accounts, CultureInfo.InvariantCulture),
                    TimeSpan.FromSeconds(double.Parse(lifetime, CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(double.Parse(refreshBefore, CultureInfo.InvariantCulture)),
                    TimeSpan.FromSeconds(double.Parse(minimum, CultureInfo.InvariantCulture)),
                    DateTimeOffset.FromUnixTimeSeconds(long.Parse(windowFrom, CultureInfo.InvariantCulture)), DateTimeOffset.FromUnixTimeSeconds(long.Parse(windowTo, CultureInfo.InvariantCulture)));
            default:
                Console.Error.WriteLine("usage: see bench/Grains.Bench/ClusterDriver.cs");
                return 2;
        }
    }

    /// <summary>
    /// src/Sandbox with the demo platform (pushing to <paramref name="gateway"/>) and N accounts, until SIGTERM. Hosted
    /// here rather than as Sandbox.dll because its accounts come from configuration there, and binding 30,000 accounts
    /// from an appsettings.json took the sandbox over two minutes of CPU before it listened.
    /// </summary>
    private static async Task<int> SandboxAsync(int port, string gateway, TimeSpan lifetime, string prefix, int accounts)
    {
        await using var sandbox = await Sandbox.SandboxServer.StartAsync(options =>
        {
            options.IncludeReleaseTestAccounts = false;
            options.AuthorizerTokenLifetime = lifetime;
            // The sandbox refuses callers outside a platform's IP whitelist; everything here calls from loopback.
            var platform = Sandbox.DemoPlatform.Component(gateway);
            platform.AllowedClientIps.AddRange(["127.0.0.1", "::1"]);
            options.Components.Add(platform);
            options.Accounts.AddRange(Enumerable.Range(0, accounts).Select(i => new Sandbox.SandboxAccount
            {
                AppId = Account(prefix, i),
                UserName = "gh_b5" + i.ToString("D10", CultureInfo.InvariantCulture),
                NickName = "bench " + i.ToString(CultureInfo.InvariantCulture),
            }));
        }, port: port, logging: l => l.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
        Console.Error.WriteLine($"sandbox on {sandbox.BaseUrl} with {accounts:N0} accounts");
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    /// <summary>
    /// For each account: the sandbox approves (its control API hands out the auth_code an admin's scan would), then the
    /// gateway's callback route gets the redirect WeChat would send. <paramref name="concurrency"/> accounts at a time.
    /// Reports the rate of each tenth (by completion count) and the failures.
    /// </summary>
    private static async Task<int> AuthorizeAsync(HttpClient http, string gateway, string sandbox, string component, string prefix, int from, int count, int concurrency)
    {
        var next = -1;
        var done = 0;
        var failures = 0;
        var tenth = Math.Max(1, count / 10);
        var marks = new double[11];
        var latencies = new double[count];
        var wall = Stopwatch.StartNew();
        string? firstProblem = null;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count)
                {
                    return;
                }

                var account = Account(prefix, from + i);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var approve = await http.PostAsJsonAsync($"{sandbox}/sandbox/api/components/{component}/authorizations",
                        new { authorizer_appid = account, push_event = false });
                    approve.EnsureSuccessStatusCode();
                    var code = (await approve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auth_code").GetString()!;
                    using var callback = await http.GetAsync($"{gateway}/wechat/{component}/authorize/callback?auth_code={Uri.EscapeDataString(code)}&expires_in=600");
                    var body = await callback.Content.ReadAsStringAsync();
                    if (callback.StatusCode != HttpStatusCode.OK || !body.Contains(account, StringComparison.Ordinal))
                    {
                        throw new HttpRequestException($"callback answered {(int)callback.StatusCode}: {body[..Math.Min(300, body.Length)]}");
                    }
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstProblem, $"{account}: {ex.Message}", null);
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var n = Interlocked.Increment(ref done);
                if (n % tenth == 0 && n / tenth <= 10)
                {
                    marks[n / tenth] = wall.Elapsed.TotalSeconds;
                    Console.Error.WriteLine($"B5 authorize: {n:N0}/{count:N0} in {wall.Elapsed.TotalSeconds:N0} s ({tenth / (marks[n / tenth] - marks[n / tenth - 1]):N0}/s this tenth), {Volatile.Read(ref failures)} failed");
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var total = wall.Elapsed.TotalSeconds;
        var rates = Enumerable.Range(1, 10).Select(k => tenth / (marks[k] - marks[k - 1])).ToArray();
        Array.Sort(latencies);
        Console.WriteLine($"auth_seconds={total:0.0}");
        Console.WriteLine($"auth_rate={count / total:0.0}");
        Console.WriteLine($"auth_first={rates[0]:0.0}");
        Console.WriteLine($"auth_last={rates[9]:0.0}");
        Console.WriteLine($"auth_tenths={string.Join(" ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}");
        Console.WriteLine($"auth_p50={latencies[count / 2]:0.0}");
        Console.WriteLine($"auth_p99={latencies[(int)(count * 0.99)]:0.0}");
        Console.WriteLine($"auth_failures={failures}");
        Console.WriteLine($"auth_problem={firstProblem ?? "none"}");
        return 0;
    }

    /// <summary>Pages of 100 after random cursors (one request at a time), unfiltered and by status; checks the page and the total.</summary>
    private static async Task<int> ListAsync(HttpClient http, string gateway, string key, string component, string prefix, int accounts, int requests)
    {
        var wrong = 0;
        async Task<double> PageAsync(string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{gateway}/api/components/{component}/authorizers?limit=100{query}");
            request.Headers.Authorization = new("Bearer", key);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var total = response.Headers.TryGetValues("X-Total-Count", out var values) ? values.First() : "";
            var items = JsonDocument.Parse(body).RootElement.GetArrayLength();
            if (response.StatusCode != HttpStatusCode.OK || total != accounts.ToString(CultureInfo.InvariantCulture) || (items != 100 && !query.Contains("after=" + Account(prefix, accounts - 1)[..^2], StringComparison.Ordinal)))
            {
                wrong++;
            }

            return elapsed;
        }

        string Cursor() => "&after=" + Account(prefix, Random.Shared.Next(Math.Max(1, accounts - 100)));
        for (var i = 0; i < 50; i++)
        {
            await PageAsync(Cursor());
        }

        var first = await PageAsync("");
        var all = new List<double>();
        var byStatus = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            all.Add(await PageAsync(Cursor()));
            byStatus.Add(await PageAsync(Cursor() + "&status=authorized"));
        }

        all.Sort();
        byStatus.Sort();
        Console.WriteLine($"list_requests={requests}");
        Console.WriteLine($"list_first_page={first:0.00}");
        Console.WriteLine($"list_p50={all[requests / 2]:0.00}");
        Console.WriteLine($"list_p99={all[(int)(requests * 0.99)]:0.00}");
        Console.WriteLine($"list_max={all[^1]:0.00}");
        Console.WriteLine($"list_status_p50={byStatus[requests / 2]:0.00}");
        Console.WriteLine($"list_status_p99={byStatus[(int)(requests * 0.99)]:0.00}");
        Console.WriteLine($"list_wrong={wrong}");
        return 0;
    }

    /// <summary>Readers asking the gateway for random accounts' tokens, 20 ms apart each; counts failures and what they were handed.</summary>
    private static async Task<int> ReadAsync(HttpClient http, string gateway, string key, string component, string prefix, int accounts, TimeSpan duration, int readers)
    {
        long total = 0, failed = 0, expired = 0, belowMinimum = 0;
        var minLeft = TimeSpan.MaxValue;
        var wall = Stopwatch.StartNew();
        string? firstProblem = null;
        await Task.WhenAll(Enumerable.Range(0, readers).Select(async _ =>
        {
            while (wall.Elapsed < duration)
            {
                var account = Account(prefix, Random.Shared.Next(accounts));
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"{gateway}/api/components/{component}/authorizers/{account}/token");
                    request.Headers.Authorization = new("Bearer", key);
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new HttpRequestException($"{(int)response.StatusCode}: {body[..Math.Min(200, body.Length)]}");
                    }

                    var left = JsonDocument.Parse(body).RootElement.GetProperty("expires_at").GetDateTimeOffset() - DateTimeOffset.UtcNow;
                    lock (readers.GetType())
                    {
                        minLeft = left < minLeft ? left : minLeft;
                    }

                    Interlocked.Increment(ref total);
                    if (left <= TimeSpan.Zero)
                    {
                        Interlocked.Increment(ref expired);
                    }

                    if (left < TimeSpan.FromSeconds(60))
                    {
                        Interlocked.Increment(ref belowMinimum);
                    }
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref total);
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstProblem, $"{account}: {ex.Message}", null);
                }

                await Task.Delay(20);
            }
        }));
        Console.WriteLine($"reads={total}");
        Console.WriteLine($"reads_failed={failed}");
        Console.WriteLine($"reads_expired={expired}");
        Console.WriteLine($"reads_below_minimum={belowMinimum}");
        Console.WriteLine($"reads_min_left={(minLeft == TimeSpan.MaxValue ? 0 : minLeft.TotalSeconds):0}");
        Console.WriteLine($"reads_problem={firstProblem ?? "none"}");
        return 0;
    }

    private sealed record Call(DateTimeOffset At, string Api, string? ComponentAppId, string? AuthorizerAppId, int ErrorCode);

    /// <summary>
    /// As B3 judges (RefreshAtScale.Judge), from the sandbox's journal of token calls: a refresh of a token younger than
    /// lifetime − RefreshBefore is doubled (early); a token still current past lifetime − MinimumValidity was missed.
    /// Also the successful refreshes inside the steady window, for CPU per refresh.
    /// </summary>
    private static async Task<int> JudgeAsync(HttpClient http, string sandbox, string prefix, int accounts, TimeSpan lifetime, TimeSpan refreshBefore, TimeSpan minimum, DateTimeOffset windowFrom, DateTimeOffset windowTo)
    {
        var now = DateTimeOffset.UtcNow;
        var calls = new List<Call>();
        foreach (var api in new[] { "cgi-bin/component/api_query_auth", "cgi-bin/component/api_authorizer_token" })
        {
            await using var stream = await http.GetStreamAsync($"{sandbox}/sandbox/api/calls?api={Uri.EscapeDataString(api)}");
            calls.AddRange((await JsonSerializer.DeserializeAsync<List<Call>>(stream, Json))!);
        }

        var issued = calls.Where(c => c.ErrorCode == 0 && c.AuthorizerAppId is not null)
            .GroupBy(c => c.AuthorizerAppId!)
            .ToDictionary(g => g.Key, g => g.Select(c => c.At).Order().ToList());
        int refreshes = 0, doubled = 0, missed = 0, cameDue = 0, never = 0;
        var minAge = TimeSpan.MaxValue;
        var maxAge = TimeSpan.Zero;
        for (var a = 0; a < accounts; a++)
        {
            var times = issued.GetValueOrDefault(Account(prefix, a)) ?? [];
            never += times.Count == 0 ? 1 : 0;
            for (var i = 1; i < times.Count; i++)
            {
                refreshes++;
                cameDue++;
                var age = times[i] - times[i - 1];
                minAge = age < minAge ? age : minAge;
                maxAge = age > maxAge ? age : maxAge;
                doubled += age < lifetime - refreshBefore ? 1 : 0;
                missed += age > lifetime - minimum ? 1 : 0;
            }

            if (times.Count > 0 && now - times[^1] > lifetime - minimum)
            {
                missed++;
                cameDue++;
            }
        }

        var refreshCalls = calls.Where(c => c.Api.EndsWith("api_authorizer_token", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"judge_refreshes={refreshes}");
        Console.WriteLine($"judge_came_due={cameDue}");
        Console.WriteLine($"judge_doubled={doubled}");
        Console.WriteLine($"judge_missed={missed}");
        Console.WriteLine($"judge_never_issued={never}");
        Console.WriteLine($"judge_failed_calls={refreshCalls.Count(c => c.ErrorCode != 0)}");
        Console.WriteLine($"judge_min_age={(minAge == TimeSpan.MaxValue ? 0 : minAge.TotalSeconds):0}");
        Console.WriteLine($"judge_max_age={maxAge.TotalSeconds:0}");
        Console.WriteLine($"window_refreshes={refreshCalls.Count(c => c.ErrorCode == 0 && c.At >= windowFrom && c.At < windowTo)}");
        return 0;
    }
}
