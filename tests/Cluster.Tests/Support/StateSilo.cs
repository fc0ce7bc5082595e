using System.Net;
using Grains;
using Grains.Hosting;
using Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Tests.Support;

/// <summary>
/// A silo inside the test process, configured as production's (PostgreSQL clustering, reminders, encrypted grain
/// state and mutual TLS) with the given encryption keys, so the tests' grains write and read their rows as the
/// cluster's would.
/// </summary>
public sealed class StateSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private StateSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public static Task<StateSilo> StartAsync(string database, string clusterId, params StateEncryptionKey[] keys) =>
        StartAsync(database, clusterId, TestAuthority.Cluster.Settings("state-silo"), keys);

    /// <summary>A silo with the given <c>Orleans:Tls</c> settings.</summary>
    public static async Task<StateSilo> StartAsync(string database, string clusterId, Dictionary<string, string?> tls, params StateEncryptionKey[] keys)
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?>(tls);
        settings["ConnectionStrings:Orleans"] = database;
        settings["Orleans:ClusterId"] = clusterId;
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Storage:EncryptionKeys:{i}:Id"] = keys[i].Id;
            settings[$"Storage:EncryptionKeys:{i}:Key"] = keys[i].Key;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UsePostgresCluster(builder.Configuration)
            .ConfigureEndpoints(IPAddress.Loopback, ReservedPorts.Take(), ReservedPorts.Take()));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new StateSilo(host);
    }

    public IAuthorizerGrain Authorizer(string componentAppId, string authorizerAppId) =>
        Grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(componentAppId, authorizerAppId));

    /// <summary>Leaves the cluster as a stopping silo does: grains deactivate and write what they hold.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
