using Grains;
using Grains.Hosting;
using ServiceDefaults;

namespace Gateway.Hosting;

internal static partial class OrleansHosting
{
    /// <summary>
    /// Single-node mode: an in-process silo with localhost clustering and in-memory grain state and reminders.
    /// Nothing survives a restart; the PostgreSQL-backed cluster is for production.
    /// </summary>
    public static void AddSingleNodeSilo(this WebApplicationBuilder builder)
    {
        var orleans = OrleansOptions.From(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
            silo.AddMemoryGrainStorage(GrainStorage.Name);
            silo.UseInMemoryReminderService();
            if (TelemetryExtensions.IsExported(builder))
            {
                silo.AddActivityPropagation();
            }
        });
        builder.Services.AddPlatformGrains();

        // Orleans 10's watchdog starts its runtime-stall thread before it stamps when the component check last ran, so
        // that thread's first look can measure from the machine's boot: "Participant check thread has not completed for
        // <the machine's uptime>", a false alarm on every start. A developer's single node has nothing to act on in the
        // watchdog's other warnings either (they tell a busy laptop); silos keep them (docs/operations.md).
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
    }

    public static void AnnounceSingleNode(WebApplication app) =>
        LogSingleNode(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Orleans"));

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "SINGLE-NODE MODE: ConnectionStrings:Orleans is not set, so an in-process silo keeps tickets, tokens and refresh tokens IN MEMORY ONLY. Everything is lost on restart; set ConnectionStrings:Orleans for production.")]
    private static partial void LogSingleNode(ILogger logger);
}
