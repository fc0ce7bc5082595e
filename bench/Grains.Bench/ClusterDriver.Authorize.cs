using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Grains.Bench;

/// <summary>B5: accounts authorized through the gateway's callback route.</summary>
internal static partial class ClusterDriver
{
    private const int FailuresBeforeGivingUp = 1_000;

    /// <summary>
    /// For each account: the sandbox approves (its control API hands out the auth_code an admin's scan would), then the
    /// gateway's callback route gets the redirect WeChat would send. <paramref name="concurrency"/> accounts at a time.
    /// Reports the rate of each tenth (by completion count) and the failures. With a <paramref name="perSecond"/> above 0,
    /// the i-th account starts no earlier than i / perSecond seconds in: spread over a token lifetime, the accounts'
    /// refreshes come due evenly rather than in one wave as fast as the cluster can authorize.
    /// </summary>
    private static async Task<int> AuthorizeAsync(HttpClient http, string gateway, string sandbox, string component, string prefix, int from, int count, int concurrency, double perSecond)
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

                if (perSecond > 0 && TimeSpan.FromSeconds(i / perSecond) - wall.Elapsed is { Ticks: > 0 } early)
                {
                    await Task.Delay(early);
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
                    Interlocked.CompareExchange(ref firstProblem, $"{account}: {ex.Message}", null);
                    if (Interlocked.Increment(ref failures) == FailuresBeforeGivingUp)
                    {
                        // A long run that fails this often measures nothing; stop it now rather than in an hour.
                        Console.Error.WriteLine($"B5 authorize: {FailuresBeforeGivingUp} failures, stopping; the first: {firstProblem}");
                        Environment.Exit(1);
                    }
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
}
