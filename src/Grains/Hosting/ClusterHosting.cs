using Grains.Campaigns;
using Grains.Index;
using Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Grains.Hosting;

public static class ClusterHosting
{
    private static readonly TimeSpan ClientDropTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A silo of the PostgreSQL-backed cluster: ADO.NET clustering, reminders, encrypted JSON grain state, and mutual
    /// TLS with the other members when <c>Orleans:Tls</c> is set.
    /// </summary>
    public static ISiloBuilder UsePostgresCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = ClusterDatabase.ConnectionString(configuration, ClusterDatabase.SiloPoolSize);
        silo.Services.ConfigureClusterIdentity(configuration);
        // A gateway whose connection to this silo closed is still "connected here" until dropped: answers for it
        // made here wait in this silo's queue (up to twice this timeout, 2 min by Orleans' default) while it is
        // connected through the other silos and waits for them. Seen after every silo restarted at once.
        silo.Configure<SiloMessagingOptions>(o => o.ClientDropTimeout = ClientDropTimeout);
        ClusterTls.AddTo(silo);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = ClusterDatabase.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = ClusterDatabase.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(GrainStorage.Name, o =>
        {
            o.Invariant = ClusterDatabase.Invariant;
            o.ConnectionString = connectionString;
        });

        silo.Services.AddStateEncryption();
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(GrainStorage.Name)
            .Configure<GrainStateJsonSerializer>((o, serializer) => o.GrainStorageSerializer = serializer);
        silo.Services.BindSecretsToRows();
        silo.Services.AddKeyedSingleton(ClusterDatabase.IndexKey, (_, _) =>
            NpgsqlDataSource.Create(ClusterDatabase.ConnectionString(configuration, ClusterDatabase.IndexPoolSize)));
        silo.Services.AddSingleton<IAuthorizerIndex>(sp => new PostgresAuthorizerIndex(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(ClusterDatabase.IndexKey), sp.GetRequiredService<IOptions<ClusterOptions>>()));
        silo.Services.AddSingleton<IAuthorizationCodeLedger>(sp => new PostgresAuthorizationCodeLedger(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(ClusterDatabase.IndexKey), sp.GetRequiredService<IOptions<ClusterOptions>>()));
        silo.Services.AddSingleton<ITokenActivityLog>(sp => new PostgresTokenActivityLog(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(ClusterDatabase.IndexKey), sp.GetRequiredService<IOptions<ClusterOptions>>()));
        silo.Services.AddSingleton<ICampaignStore>(sp => new PostgresCampaignStore(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(ClusterDatabase.IndexKey), sp.GetRequiredService<IOptions<ClusterOptions>>()));
        silo.Services.AddPlatformGrains();
        return silo;
    }

    /// <summary>Grain state as encrypted JSON: the validated <c>Storage:EncryptionKeys</c>, the protector and the serializer.</summary>
    public static IServiceCollection AddStateEncryption(this IServiceCollection services)
    {
        services.AddOptions<StateEncryptionOptions>().BindConfiguration(StateEncryptionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StateEncryptionOptions>, StateEncryptionOptionsValidator>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<GrainStateJsonSerializer>();
        return services;
    }

    /// <summary>Wraps the grain storage just added so each call names its row to the serializer (see <see cref="StoredRow"/>).</summary>
    private static void BindSecretsToRows(this IServiceCollection services)
    {
        var rows = services.Single(d => d.IsKeyedService && Equals(d.ServiceKey, GrainStorage.Name) && d.ServiceType == typeof(IGrainStorage));
        services.Remove(rows);
        services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Name, (sp, key) =>
            new RowBoundGrainStorage((IGrainStorage)rows.KeyedImplementationFactory!(sp, key)));
    }

    /// <summary>
    /// An Orleans client (the gateway) that finds the silos through the cluster's membership table and, when
    /// <c>Orleans:Tls</c> is set, reaches them over mutual TLS.
    /// </summary>
    public static IClientBuilder UsePostgresCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var connectionString = ClusterDatabase.ConnectionString(configuration, ClusterDatabase.ClientPoolSize);
        client.Services.ConfigureClusterIdentity(configuration);
        ClusterTls.AddTo(client);
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = ClusterDatabase.Invariant;
            o.ConnectionString = connectionString;
        });
        return client;
    }

    private static void ConfigureClusterIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        var orleans = OrleansOptions.From(configuration);
        services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = orleans.ClusterId;
            o.ServiceId = orleans.ServiceId;
        });
    }
}
