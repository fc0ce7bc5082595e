using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ServiceDefaults;

/// <summary>
/// Serves the Prometheus scrape endpoint on a listener of its own (<c>Telemetry:Prometheus:Port</c>) that answers
/// <c>/metrics</c> and nothing else. Why not the process's HTTP port: the gateway's is the one the Ingress publishes,
/// and the metrics name every platform, route and API client; a port of its own is reached only where the operator
/// routes it (the pod network, for Prometheus), and no middleware of the public pipeline runs in front of it.
/// </summary>
public sealed partial class PrometheusListener(MeterProvider meters, IOptions<PrometheusOptions> options, ILogger<PrometheusListener> logger)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The port it listens on once started (the one the system picked when configured with 0).</summary>
    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // An empty builder: none of the process's configuration (its URLs, Kestrel endpoints, appsettings) applies here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls($"http://*:{options.Value.Port}");
        _app = builder.Build();
        _app.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, PrometheusOptions.Path, configureBranchedPipeline: null, optionsName: null);
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Telemetry:Prometheus:Port {options.Value.Port} cannot be listened on ({ex.Message}); choose another port, or 0 to let the system pick one.", ex);
        }

        Port = new Uri(_app.Urls.First()).Port;
        LogListening(logger, Port, PrometheusOptions.Path);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Prometheus metrics served on port {Port} at {Path}, on a listener of their own")]
    private static partial void LogListening(ILogger logger, int port, string path);
}
