using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>
/// Property-based: thousands of generated and mutated pushes at both callback routes of a real gateway. Every one
/// gets a 4xx, changes nothing (ticket, token, account, outbox, webhook, WeChat calls) and logs no secret.
/// </summary>
public sealed class CallbackFuzzTests(CallbackFuzzHost host) : IClassFixture<CallbackFuzzHost>
{
    private const int PushesPerRoute = 5000;

    [Fact]
    public Task Hostile_pushes_to_the_events_route_are_refused_and_change_nothing() =>
        FuzzAsync(new HostilePushes(host.Forge, events: true), $"/wechat/{GatewayHost.ComponentAppId}/events");

    [Fact]
    public Task Hostile_pushes_to_an_accounts_messages_route_are_refused_and_reach_no_webhook() =>
        FuzzAsync(new HostilePushes(host.Forge, events: false), $"/wechat/{GatewayHost.ComponentAppId}/messages/{GatewayHost.Account}");

    private async Task FuzzAsync(HostilePushes pushes, string path)
    {
        host.Logs.Clear();

        // The push every case starts from is accepted, so what each case breaks is what gets it refused.
        var valid = pushes.Valid.Single();
        using (var accepted = await SendAsync(path, new HostilePush("valid", "none", valid)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var before = await host.SettledStateAsync();
        var statuses = new ConcurrentDictionary<(string Category, int Status), int>();
        var clock = Stopwatch.StartNew();
        // One push at a time, so what changed is the doing of the push at hand (and shrinking finds that push).
        await pushes.All.SampleAsync(async push =>
        {
            var unchanged = await host.StateAsync();
            using var response = await SendAsync(path, push);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate((push.Category, status), 1, (_, n) => n + 1);
            Assert.InRange(status, 400, 499);
            Assert.Equal(unchanged, await host.StateAsync());
        }, iter: PushesPerRoute, threads: 1, print: push => push.ToString());
        var elapsed = clock.Elapsed;

        Assert.Equal(before, await host.StateAsync());
        var secrets = await host.SecretsAsync();
        var log = host.Logs.GetSnapshot();
        Assert.True(log.Count > PushesPerRoute, "every refusal is logged, so the lines checked are the ones about these pushes");
        Assert.All(log, record => Assert.All(secrets, secret => Assert.DoesNotContain(secret, Text(record), StringComparison.Ordinal)));

        Report($"{path}: {statuses.Values.Sum()} hostile pushes in {elapsed.TotalSeconds:F1} s, all refused, nothing changed; {log.Count} log lines, no secret in any");
        foreach (var category in statuses.GroupBy(s => s.Key.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var byStatus = string.Join(", ", category.OrderBy(s => s.Key.Status).Select(s => $"{s.Key.Status}×{s.Value}"));
            Report($"  {category.Key}: {category.Sum(s => s.Value)} ({byStatus})");
        }
    }

    /// <summary>The counts go to the test output and to TestResults/fuzz-report.txt, which scripts/test.sh prints.</summary>
    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        File.AppendAllText(Path.Combine(directory.FullName, "fuzz-report.txt"), line + Environment.NewLine);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, HostilePush push)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path + push.Query) { Content = new ByteArrayContent(push.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        request.Headers.TransferEncodingChunked = push.Chunked;
        return await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string Text(Microsoft.Extensions.Logging.Testing.FakeLogRecord record)
    {
        var text = new StringBuilder(record.Message).Append(' ').Append(record.Exception);
        foreach (var (key, value) in record.StructuredState ?? [])
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }

        return text.ToString();
    }
}
