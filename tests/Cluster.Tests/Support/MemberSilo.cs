using System.Net;
using System.Security.Cryptography;
using Grains;
using Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Silo.Database;

namespace Cluster.Tests.Support;

/// <summary>
/// One silo of a cluster that runs with mutual TLS (a member certificate of <see cref="TestAuthority.Cluster"/>),
/// holding a token for one account, for clients of every kind to try.
/// </summary>
public sealed class MemberSilo(PostgresFixture postgres) : IAsyncLifetime
{
    public const string ClusterId = "tls-members";
    public const string ComponentAppId = "wx5a4db0c0de000001";
    public const string AuthorizerAppId = "wx0c1u57e000000001";
    public const string Token = "access-token-behind-mutual-tls";

    public string Database { get; private set; } = "";

    public StateSilo Silo { get; private set; } = null!;

    /// <summary>Where the silo accepts other silos.</summary>
    public IPEndPoint SiloEndpoint => Silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint;

    /// <summary>Where the silo accepts clients (gateways).</summary>
    public IPEndPoint GatewayEndpoint => Silo.Services.GetRequiredService<ILocalSiloDetails>().GatewayAddress.Endpoint;

    public async ValueTask InitializeAsync()
    {
        Database = await postgres.Server.CreateDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(Database))
        {
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).ApplyAsync(TestContext.Current.CancellationToken);
        }

        Silo = await StateSilo.StartAsync(Database, ClusterId, new StateEncryptionKey { Id = "tls", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        await Silo.Authorizer(ComponentAppId, AuthorizerAppId).AcceptGrantAsync(
            new AuthorizerGrant(AuthorizerAppId, "refresh-token-behind-mutual-tls", new AccessToken(Token, TimeProvider.System.GetUtcNow().AddHours(2)), [1], null));
    }

    /// <summary>
    /// Starts an Orleans client of this cluster configured by <paramref name="configure"/>; the started host, or the
    /// exception its first attempt to connect ended with.
    /// </summary>
    public static async Task<(IHost Host, Exception? Failure)> StartClientAsync(Action<IClientBuilder, HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = "wechat-tokens";
        });
        // No retries: a refused connection ends the start with the refusal, instead of retrying until a deadline.
        builder.UseOrleansClient(client => configure(client.UseConnectionRetryFilter((_, _) => Task.FromResult(false)), builder));
        var host = builder.Build();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await host.StartAsync(deadline.Token);
            return (host, null);
        }
        catch (Exception ex)
        {
            return (host, ex);
        }
    }

    public async ValueTask DisposeAsync() => await Silo.DisposeAsync();
}
