using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults;

/// <summary>
/// The health endpoints of every process. <c>/health/live</c> runs no check at all: a liveness probe must not restart
/// a process because the database or a peer is slow. <c>/health/ready</c> runs the checks tagged <see cref="Ready"/>:
/// the host's own cluster check, and the database when one is configured.
/// </summary>
public static class HealthExtensions
{
    public const string Ready = "ready";

    /// <summary>
    /// The database check reports <see cref="HealthStatus.Degraded"/>, which still answers 200: while PostgreSQL is down
    /// the cluster keeps serving the tokens it holds, so taking every pod out of rotation would turn a database outage
    /// into a full one. The body says what is degraded.
    /// </summary>
    public static IHealthChecksBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks();
        if (builder.Configuration.GetConnectionString("Orleans") is { Length: > 0 } database)
        {
            checks.AddNpgSql(database, name: "database", failureStatus: HealthStatus.Degraded, tags: [Ready], timeout: TimeSpan.FromSeconds(3));
        }

        return checks;
    }

    public static void MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    /// <summary><c>{"status": "Healthy", "checks": {"cluster": {"status": "Healthy", "description": "..."}}}</c>; never an exception's text.</summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description });
        return JsonSerializer.SerializeAsync(http.Response.Body, new { status = report.Status.ToString(), checks }, cancellationToken: http.RequestAborted);
    }
}
