using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Grains.Hosting;

/// <summary>
/// Mutual TLS on the cluster's own connections (silo to silo, gateway to silo), from the validated
/// <c>Orleans:Tls</c> section. Loaded once, when Orleans first asks for its connection settings.
/// </summary>
public sealed partial class ClusterTls(IOptions<ClusterTlsOptions> options, ILogger<ClusterTls> logger) : IHostedService
{
    private readonly Lazy<ClusterCredentials?> _credentials = new(() => options.Value.Enabled ? ClusterCredentials.Load(options.Value) : null);

    public ClusterCredentials? Credentials => _credentials.Value;

    /// <summary>Every connection a silo accepts (from silos and clients) or opens (to silos) is mutual TLS.</summary>
    public static void AddTo(ISiloBuilder silo)
    {
        Register(silo.Services);
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<ClusterTls>((connections, tls) =>
        {
            if (tls.Credentials?.ConnectionOptions() is { } settings)
            {
                connections.ConfigureSiloInboundConnection(c => c.UseServerTls(settings));
                connections.ConfigureGatewayInboundConnection(c => c.UseServerTls(settings));
                connections.ConfigureSiloOutboundConnection(c => c.UseClientTls(settings));
            }
        });
    }

    /// <summary>Every connection a client (the gateway) opens to a silo is mutual TLS.</summary>
    public static void AddTo(IClientBuilder client)
    {
        Register(client.Services);
        client.Services.AddOptions<ClientConnectionOptions>().Configure<ClusterTls>((connections, tls) =>
        {
            if (tls.Credentials?.ConnectionOptions() is { } settings)
            {
                connections.ConfigureConnection(c => c.UseClientTls(settings));
            }
        });
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Credentials is { } credentials)
        {
            LogMutualTls(logger, credentials.Certificate.Subject, credentials.Certificate.NotAfter.ToUniversalTime(), credentials.Authority.Subject);
        }
        else
        {
            LogPlaintext(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Register(IServiceCollection services)
    {
        services.AddOptions<ClusterTlsOptions>().BindConfiguration(ClusterTlsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ClusterTls>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterTls>());
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Cluster connections are mutual TLS: this member is {Subject} (certificate valid until {NotAfter:u}); peers must present a certificate from {Authority}.")]
    private static partial void LogMutualTls(ILogger logger, string subject, DateTime notAfter, string authority);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "PLAINTEXT CLUSTER: Orleans:Tls is not set, so connections between silos and from gateways to silos are neither encrypted nor authenticated: anything that reaches a silo's ports can join as a client and call every grain. Set Orleans:Tls:CertificatePath, :KeyPath and :CaPath on every silo and gateway.")]
    private static partial void LogPlaintext(ILogger logger);
}
