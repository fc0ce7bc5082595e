using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults;

/// <summary>The <c>Telemetry:Prometheus</c> section: a scrape endpoint beside (or instead of) OTLP.</summary>
public sealed class PrometheusOptions
{
    public const string Section = "Telemetry:Prometheus";

    /// <summary>The standard Prometheus path, served on <see cref="Port"/> only.</summary>
    public const string Path = "/metrics";

    /// <summary>Serve <see cref="Path"/> for Prometheus to scrape. Off by default: nothing listens on <see cref="Port"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The port of the listener that serves <see cref="Path"/> and nothing else, on every interface; 0 lets the system
    /// pick one. 9464 is the port registered for OpenTelemetry's Prometheus exporter.
    /// </summary>
    [Range(0, 65535, ErrorMessage = "Telemetry:Prometheus:Port must be a TCP port between 0 and 65535.")]
    public int Port { get; set; } = 9464;

    public static bool IsEnabled(IHostApplicationBuilder builder) =>
        builder.Configuration.GetSection(Section).Get<PrometheusOptions>()?.Enabled == true;
}
