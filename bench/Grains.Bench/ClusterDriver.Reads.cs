using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Grains.Bench;

/// <summary>B5: paged listing latency and token readers.</summary>
internal static partial class ClusterDriver
{
    /// <summary>
    /// Pages of 100 (one request at a time), unfiltered and by status: first pages, and pages after random cursors;
    /// checks the page and the total. First pages are measured apart: they are the ones a client polls for the total.
    /// </summary>
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

        List<double> all = [], byStatus = [], first = [], firstByStatus = [];
        for (var i = 0; i < requests; i++)
        {
            all.Add(await PageAsync(Cursor()));
            byStatus.Add(await PageAsync(Cursor() + "&status=authorized"));
            first.Add(await PageAsync(""));
            firstByStatus.Add(await PageAsync("&status=authorized"));
        }

        Console.WriteLine($"list_requests={requests}");
        Report("list", all);
        Console.WriteLine($"list_max={all[^1]:0.00}");
        Report("list_status", byStatus);
        Report("list_first", first);
        Report("list_first_status", firstByStatus);
        Console.WriteLine($"list_wrong={wrong}");
        return 0;
    }

    private static void Report(string name, List<double> latencies)
    {
        latencies.Sort();
        Console.WriteLine($"{name}_p50={latencies[latencies.Count / 2]:0.00}");
        Console.WriteLine($"{name}_p99={latencies[(int)(latencies.Count * 0.99)]:0.00}");
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
}
