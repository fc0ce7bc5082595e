using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServiceDefaults;

/// <summary>
/// OpenTelemetry for the silo and the gateway: Orleans' own meters and activities, ours (tokens, messages),
/// ASP.NET Core, HttpClient and the runtime. Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with
/// the other standard <c>OTEL_*</c> variables), and the metrics served to Prometheus when
/// <c>Telemetry:Prometheus:Enabled</c> is (<see cref="PrometheusListener"/>); either, both or neither. URL query
/// strings, where WeChat tokens travel, stay redacted.
/// </summary>
public static class TelemetryExtensions
{
    public static readonly string[] Meters = ["Microsoft.Orleans", "WeChat.Tokens", "WeChat.Messages"];

    public static readonly string[] ActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Whether logs, traces and metrics go to an OTLP endpoint (traces go nowhere else).</summary>
    public static bool IsExported(IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>With neither OTLP nor Prometheus, no instrumentation runs at all (none of its per-request and per-call
    /// cost); <c>dotnet-counters</c> still reads every meter.</summary>
    public static void AddTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var otlp = IsExported(builder);
        var prometheus = PrometheusOptions.IsEnabled(builder);
        if (!otlp && !prometheus)
        {
            return;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(Meters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });

        if (prometheus)
        {
            builder.Services.AddOptions<PrometheusOptions>().BindConfiguration(PrometheusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
            builder.Services.AddSingleton<PrometheusListener>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<PrometheusListener>());
        }

        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(ActivitySources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        }
    }
}
