using Grains;
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
        var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: builder.Configuration["Orleans:ServiceId"] ?? "wechat-tokens",
                clusterId: builder.Configuration["Orleans:ClusterId"] ?? "dev");
            silo.AddMemoryGrainStorage(StorageNames.Tokens);
            silo.UseInMemoryReminderService();
            if (TelemetryExtensions.IsExported(builder))
            {
                silo.AddActivityPropagation();
            }
        });
        builder.Services.AddTokenGrains();
    }

    public static void AnnounceSingleNode(WebApplication app) =>
        LogSingleNode(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Orleans"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "SINGLE-NODE MODE: ConnectionStrings:Orleans is not set, so an in-process silo keeps tickets, tokens and refresh tokens IN MEMORY ONLY. Everything is lost on restart; set ConnectionStrings:Orleans for production.")]
    private static partial void LogSingleNode(ILogger logger);
}
