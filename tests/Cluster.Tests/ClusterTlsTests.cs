using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cluster.Tests.Support;
using Grains;
using Grains.Hosting;
using Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Runtime.Messaging;

namespace Cluster.Tests;

/// <summary>
/// A silo of a cluster running with mutual TLS, tried by the clients a pod in the cluster could start: one without
/// TLS, one speaking TLS without a certificate, one with a certificate of another CA, and a member; and a member
/// tried by a silo that is not one.
/// </summary>
public sealed class ClusterTlsTests(MemberSilo cluster) : IClassFixture<MemberSilo>
{
    [Fact]
    public async Task A_client_with_a_member_certificate_connects_and_reads_a_token()
    {
        var (host, failure) = await MemberSilo.StartClientAsync((client, builder) =>
        {
            builder.Configuration.AddInMemoryCollection(TestAuthority.Cluster.Settings("gateway"));
            builder.Configuration["ConnectionStrings:Orleans"] = cluster.Database;
            builder.Configuration["Orleans:ClusterId"] = MemberSilo.ClusterId;
            client.UsePostgresCluster(builder.Configuration);
        });
        using var _ = host;

        Assert.Null(failure);
        var token = await Authorizer(host).GetTokenAsync();
        Assert.Equal(MemberSilo.Token, token.Value);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_gateway_whose_database_user_may_only_read_the_membership_and_query_tables_connects_and_reads_a_token()
    {
        var user = $"gateway_{Guid.NewGuid():N}";
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await using (var admin = NpgsqlDataSource.Create(cluster.Database))
        {
            await admin.CreateCommand($"CREATE ROLE {user} LOGIN PASSWORD '{password}'").ExecuteNonQueryAsync();
            await admin.CreateCommand($"GRANT SELECT ON orleansquery, orleans_membership TO {user}").ExecuteNonQueryAsync();
        }

        var limited = new NpgsqlConnectionStringBuilder(cluster.Database) { Username = user, Password = password }.ConnectionString;
        var (host, failure) = await MemberSilo.StartClientAsync((client, builder) =>
        {
            builder.Configuration.AddInMemoryCollection(TestAuthority.Cluster.Settings("gateway"));
            builder.Configuration["ConnectionStrings:Orleans"] = limited;
            builder.Configuration["Orleans:ClusterId"] = MemberSilo.ClusterId;
            client.UsePostgresCluster(builder.Configuration);
        });
        using var _ = host;

        Assert.Null(failure);
        Assert.Equal(MemberSilo.Token, (await Authorizer(host).GetTokenAsync()).Value);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_client_without_TLS_cannot_connect_or_call_a_grain()
    {
        var (host, failure) = await MemberSilo.StartClientAsync((client, _) => client.UseStaticClustering(cluster.GatewayEndpoint));
        using var _ = host;

        await AssertShutOutAsync(host, failure);
    }

    [Fact]
    public async Task A_client_speaking_TLS_without_a_certificate_cannot_connect_or_call_a_grain()
    {
        var (host, failure) = await MemberSilo.StartClientAsync((client, _) => client
            .UseStaticClustering(cluster.GatewayEndpoint)
            .UseTls(o =>
            {
                o.ClientCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.NoCertificate;
                o.AllowAnyRemoteCertificate();
            }));
        using var _ = host;

        await AssertShutOutAsync(host, failure);
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_another_CA_is_refused()
    {
        var (certificatePath, keyPath) = TestAuthority.Stranger.Issue("intruder");
        using var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var (host, failure) = await MemberSilo.StartClientAsync((client, _) => client
            .UseStaticClustering(cluster.GatewayEndpoint)
            .UseTls(certificate, o => o.AllowAnyRemoteCertificate()));
        using var _ = host;

        await AssertShutOutAsync(host, failure);
    }

    [Fact]
    public async Task A_gateway_refuses_a_silo_whose_certificate_another_CA_signed()
    {
        // It would accept the gateway's certificate: only the gateway's own check can keep them apart.
        await using var rogue = await StateSilo.StartAsync(cluster.Database, "rogue", TestAuthority.Stranger.Settings("rogue", TestAuthority.Cluster),
            new StateEncryptionKey { Id = "rogue", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var (host, failure) = await MemberSilo.StartClientAsync((client, builder) =>
        {
            builder.Configuration.AddInMemoryCollection(TestAuthority.Cluster.Settings("gateway"));
            builder.Configuration["ConnectionStrings:Orleans"] = cluster.Database;
            builder.Configuration["Orleans:ClusterId"] = "rogue";
            client.UsePostgresCluster(builder.Configuration);
        });
        using var _ = host;

        await AssertShutOutAsync(host, failure);
    }

    [Fact]
    public async Task Both_silo_ports_refuse_the_handshake_of_a_peer_without_a_member_certificate_and_keep_a_members_open()
    {
        var (strangerCertificate, strangerKey) = TestAuthority.Stranger.Issue("stranger");
        var (memberCertificate, memberKey) = TestAuthority.Cluster.Issue("member");
        using var stranger = X509Certificate2.CreateFromPemFile(strangerCertificate, strangerKey);
        using var member = X509Certificate2.CreateFromPemFile(memberCertificate, memberKey);

        foreach (var endpoint in new[] { cluster.SiloEndpoint, cluster.GatewayEndpoint })
        {
            Assert.Equal(Handshake.Refused, await HandshakeAsync(endpoint, null));
            Assert.Equal(Handshake.Refused, await HandshakeAsync(endpoint, stranger));
            Assert.Equal(Handshake.Open, await HandshakeAsync(endpoint, member));
        }
    }

    private enum Handshake
    {
        /// <summary>The handshake failed, or the silo closed the connection without a byte.</summary>
        Refused,

        /// <summary>The silo sent Orleans' connection preamble, or kept the connection open waiting for the peer's.</summary>
        Open,
    }

    private static IAuthorizerGrain Authorizer(IHost host) =>
        host.Services.GetRequiredService<IClusterClient>().GetGrain<IAuthorizerGrain>(AuthorizerKey.For(MemberSilo.ComponentAppId, MemberSilo.AuthorizerAppId));

    /// <summary>The client's connection to the silo was refused, and no grain call gets through it either.</summary>
    private static async Task AssertShutOutAsync(IHost host, Exception? failure)
    {
        Assert.IsType<ConnectionFailedException>(failure);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<Exception>(() => Authorizer(host).GetTokenAsync().WaitAsync(deadline.Token));
    }

    /// <summary>
    /// A TLS 1.3 handshake with the given client certificate, then the first read. A TLS 1.3 server settles the
    /// client's certificate after the client's side of the handshake is done, so a refusal shows on that read (an
    /// alert or the connection closed, within milliseconds); an accepted connection stays open.
    /// </summary>
    private static async Task<Handshake> HandshakeAsync(IPEndPoint endpoint, X509Certificate2? certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        using var handshake = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "silo",
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificates = certificate is null ? null : [certificate],
            }, handshake.Token);
            using var read = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                return await tls.ReadAsync(new byte[1], read.Token) == 0 ? Handshake.Refused : Handshake.Open;
            }
            catch (OperationCanceledException) when (read.IsCancellationRequested)
            {
                return Handshake.Open;
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return Handshake.Refused;
        }
    }
}
