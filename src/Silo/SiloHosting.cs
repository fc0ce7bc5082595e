using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Grains.Hosting;
using Npgsql;
using Orleans.Configuration;
using ServiceDefaults;
using Grains.Storage;
using Silo.Database;
using Silo.Reencryption;

namespace Silo;

public static class SiloHosting
{
    /// <summary>What both the silo and the <c>migrate</c> command need: the cluster database.</summary>
    public static void AddClusterDatabase(this WebApplicationBuilder builder)
    {
        if (!ClusterDatabase.IsConfigured(builder.Configuration))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Orleans is not set. A silo keeps the cluster's membership, reminders and tokens in PostgreSQL; set it to a PostgreSQL connection string (for a single node without a database, run the gateway alone: dotnet run --project src/Gateway).");
        }

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(ClusterDatabase.ConnectionString(builder.Configuration, 2)));
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
    }

    /// <summary>The <c>reencrypt</c> command: the cluster database, the encryption keys and the rewriter of stored state.</summary>
    public static void AddStateReencryption(this WebApplicationBuilder builder)
    {
        builder.AddClusterDatabase();
        var serviceId = OrleansOptions.From(builder.Configuration).ServiceId;
        builder.Services.AddStateEncryption();
        builder.Services.AddOptions<ReencryptionOptions>().BindConfiguration(ReencryptionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StoredStateRewriter>();
        builder.Services.AddSingleton(sp => new StoredStateTable(sp.GetRequiredService<NpgsqlDataSource>(), serviceId));
        builder.Services.AddSingleton<StateReencryptor>();
    }

    public static void AddSilo(this WebApplicationBuilder builder)
    {
        builder.AddClusterDatabase();
        var configuration = builder.Configuration;
        var orleans = OrleansOptions.From(configuration);

        builder.AddTelemetry("wechat-platform-silo");
        builder.AddDefaultHealthChecks().AddCheck<MembershipHealthCheck>("cluster", tags: [HealthExtensions.Ready]);
        builder.UseOrleans(silo =>
        {
            silo.UsePostgresCluster(configuration);
            if (TelemetryExtensions.IsExported(builder))
            {
                silo.AddActivityPropagation();
            }
            silo.ConfigureEndpoints(orleans.AdvertisedAddress ?? DefaultAddress(), orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
            if (orleans.SiloName is { Length: > 0 } name)
            {
                silo.Configure<SiloOptions>(o => o.SiloName = name);
            }

            // Failure detection: a silo killed without leaving is suspected after two missed 3 s probes (Orleans'
            // default is three of 5 s) and declared dead by the votes of its probers; with two silos the survivor's
            // vote is enough. About 6 s instead of 15 s during which calls to its grains wait; gateways serve their
            // last token meanwhile. Probe timeouts stretch while a silo's own health degrades (GC, CPU starvation),
            // so a slow but live silo is not voted out. Orleans:Membership:* overrides each setting.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(3);
                o.NumMissedProbesLimit = 2;
                o.ExtendProbeTimeoutDuringDegradation = true;
            });
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        });

        // Leave the cluster cleanly on SIGTERM: grains deactivate (writing state) and reactivate on other silos.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = orleans.ShutdownTimeout);
    }

    /// <summary>The first up, non-loopback IPv4 address of this host; on Kubernetes set Orleans:AdvertisedIP to the pod IP.</summary>
    private static IPAddress DefaultAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
        ?? IPAddress.Loopback;
}
