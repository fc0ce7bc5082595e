using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using Sandbox.State;
using ServiceDefaults;
using WeChat.Api;

namespace Gateway.Tests.Observability;

/// <summary>The single node with its Prometheus endpoint on (on a port the system picks) and a webhook that gives up after a second.</summary>
public sealed class ScrapedGatewayHost : WebhookGatewayHost
{
    protected override TimeSpan GiveUpAfter => TimeSpan.FromSeconds(1);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        base.Settings.Concat([new("Telemetry:Prometheus:Enabled", "true"), new("Telemetry:Prometheus:Port", "0")]);

    public Uri Metrics => new($"http://127.0.0.1:{Services.GetRequiredService<PrometheusListener>().Port}{PrometheusOptions.Path}");
}

/// <summary>
/// Runs after every parallel test class, alone: a MeterProvider listens to every meter of its names in the process,
/// and the other test classes' hosts each create their own, so beside them the provider reaches its limit of metric
/// streams and drops this host's instruments (a production process holds one host).
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class ScrapedAlone;

[Collection(typeof(ScrapedAlone))]
public sealed class PrometheusEndpointTests(ScrapedGatewayHost host) : IClassFixture<ScrapedGatewayHost>
{
    private static readonly string Token = $"/api/components/{GatewayHost.ComponentAppId}/authorizers/{GatewayHost.Account}/token";

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alert_rules_name_is_exported_after_some_activity()
    {
        var named = ObservabilityFiles.DashboardExpressions().Concat(ObservabilityFiles.RuleExpressions())
            .SelectMany(ObservabilityFiles.MetricNames)
            .ToHashSet(StringComparer.Ordinal);
        await RefreshFailDeliverAndGiveUpAsync();

        var exported = await WaitForExportedAsync(named);

        Assert.Contains("wechat_ticket_received_time_seconds", named);
        Assert.Contains("orleans_consistent_ring_size", named);
        Assert.Empty(named.Except(exported).Order());
    }

    [Fact]
    public async Task Metrics_are_served_only_on_their_own_port_and_only_at_their_path()
    {
        using var scrapers = new HttpClient();

        using var metrics = await scrapers.GetAsync(host.Metrics);
        using var elsewhere = await scrapers.GetAsync(new Uri(host.Metrics, "/health/live"));
        using var publicPort = await host.Http.GetAsync(PrometheusOptions.Path);

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicPort.StatusCode);
    }

    /// <summary>An account authorized and its token read; a refresh WeChat refuses (45009); a message taken by the
    /// webhook and one it never takes, which becomes a dead letter.</summary>
    private async Task RefreshFailDeliverAndGiveUpAsync()
    {
        await host.AuthorizeAsync(GatewayHost.Account);
        var token = await host.Api.GetFromJsonAsync<JsonElement>(Token);
        host.WeChat.Faults.Add(new Fault(FaultKind.ErrorCode, 1, ComponentApis.AuthorizerToken, ErrorCode: WeChatErrorCodes.DailyQuotaReached));
        using var refresh = await host.Api.PostAsJsonAsync($"{Token}/refresh", new { rejected_token = token.GetProperty("access_token").GetString() });

        await host.PushAsync(WebhookGatewayHost.Text("taken"));
        await host.Business.WaitForTakenAsync(1, d => d.MessageField("content") == "taken");
        host.Business.Down = true;
        await host.PushAsync(WebhookGatewayHost.Text("never taken"));
        await host.WaitForDeadLettersAsync(1);
        host.Business.Down = false;
    }

    /// <summary>The names exported once all of <paramref name="wanted"/> are, or at the deadline: the gauges are read in
    /// the background after a scrape asks for them, so they show from a later scrape on.</summary>
    private async Task<HashSet<string>> WaitForExportedAsync(IReadOnlySet<string> wanted)
    {
        using var scrapers = new HttpClient();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var exported = (await scrapers.GetStringAsync(host.Metrics)).Split('\n')
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => line[..line.IndexOfAny(['{', ' '])])
                .ToHashSet(StringComparer.Ordinal);
            if (wanted.IsSubsetOf(exported) || DateTimeOffset.UtcNow > deadline)
            {
                return exported;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
