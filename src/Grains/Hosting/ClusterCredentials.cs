using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Grains.Hosting;

/// <summary>
/// This member's certificate and the cluster's CA, loaded from <see cref="ClusterTlsOptions"/>'s PEM files. A peer is a
/// member when its certificate chains to that CA alone: the machine's trusted roots play no part, so a certificate
/// from any other CA, public ones included, is refused.
/// </summary>
public sealed class ClusterCredentials : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2Collection _authority;

    private ClusterCredentials(X509Certificate2 certificate, X509Certificate2Collection authority)
    {
        Certificate = certificate;
        _authority = authority;
    }

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 Authority => _authority[0];

    /// <summary>The files' contents, checked: readable PEM, a key that matches, usable both ways, signed by the CA.</summary>
    public static ClusterCredentials Load(ClusterTlsOptions options)
    {
        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPem(Read(options.CaPath, nameof(options.CaPath)));
        }
        catch (CryptographicException ex)
        {
            throw Invalid(nameof(options.CaPath), $"is not a PEM certificate ({ex.Message})");
        }

        if (authority.Count == 0)
        {
            throw Invalid(nameof(options.CaPath), "holds no PEM certificate");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(Read(options.CertificatePath, nameof(options.CertificatePath)), Read(options.KeyPath, nameof(options.KeyPath)));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw Invalid(nameof(options.KeyPath), $"and {ClusterTlsOptions.Section}:CertificatePath are not a PEM private key and the certificate it belongs to ({ex.Message})");
        }

        var credentials = new ClusterCredentials(certificate, authority);
        if (!AllowsBothWays(certificate))
        {
            credentials.Dispose();
            throw Invalid(nameof(options.CertificatePath), "must allow both server and client authentication (extended key usage serverAuth and clientAuth): every member both accepts and opens connections");
        }

        if (credentials.ChainProblem(certificate, null) is { } problem)
        {
            credentials.Dispose();
            throw Invalid(nameof(options.CertificatePath), $"does not chain to the CA in {ClusterTlsOptions.Section}:CaPath ({problem}): every peer would refuse it");
        }

        return credentials;
    }

    /// <summary>Why <see cref="Load"/> would refuse these files, or null when it would not.</summary>
    public static string? Problem(ClusterTlsOptions options)
    {
        try
        {
            Load(options).Dispose();
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// Settings for both ends of every connection: TLS 1.3, this certificate offered, the peer's required and checked
    /// against the CA. Peers are reached by IP address, so the peer's name is not checked; membership is the CA's
    /// signature, which is why that CA must sign nothing but the cluster's members.
    /// </summary>
    public TlsOptions ConnectionOptions() => new()
    {
        LocalCertificate = Certificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        SslProtocols = SslProtocols.Tls13,
        RemoteCertificateValidation = (peer, presented, _) => ChainProblem(peer, presented) is null,
    };

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in _authority)
        {
            certificate.Dispose();
        }
    }

    private string? ChainProblem(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authority);
        // The cluster's CA publishes no revocation list; a compromised member is shut out by replacing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        foreach (var element in presented?.ChainElements.Skip(1) ?? [])
        {
            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        return chain.Build(certificate)
            ? null
            : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("no chain"));
    }

    private static bool AllowsBothWays(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault()?.EnhancedKeyUsages;
        return usages is null
            || (usages.Cast<Oid>().Any(u => u.Value == ServerAuthentication.Value) && usages.Cast<Oid>().Any(u => u.Value == ClientAuthentication.Value));
    }

    private static string Read(string? path, string key)
    {
        try
        {
            return File.ReadAllText(path!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(key, $"names '{path}', which cannot be read ({ex.Message})");
        }
    }

    private static InvalidOperationException Invalid(string key, string problem) =>
        new($"{ClusterTlsOptions.Section}:{key} {problem}.");
}
