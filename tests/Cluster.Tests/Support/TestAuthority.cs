using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.Tests.Support;

/// <summary>
/// A throwaway CA and the member certificates it signs, written as PEM files as an operator's openssl or cert-manager
/// would: what the tests' clusters run with, as production does (<c>Orleans:Tls:*</c>). <see cref="Cluster"/> signs
/// every member of the tests' clusters; <see cref="Stranger"/> is another CA, whose certificates no member accepts.
/// </summary>
public sealed class TestAuthority
{
    private static readonly Lazy<TestAuthority> ClusterAuthority = new(() => new TestAuthority("Cluster tests CA"));
    private static readonly Lazy<TestAuthority> StrangerAuthority = new(() => new TestAuthority("Stranger CA"));

    private readonly X509Certificate2 _certificate;
    private readonly string _directory = Directory.CreateTempSubdirectory("wechat-tls-").FullName;
    private int _issued;

    private TestAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = TimeProvider.System.GetUtcNow();
        _certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        CaPath = Path.Combine(_directory, "ca.crt");
        File.WriteAllText(CaPath, _certificate.ExportCertificatePem());
    }

    public static TestAuthority Cluster => ClusterAuthority.Value;

    public static TestAuthority Stranger => StrangerAuthority.Value;

    /// <summary>The CA's certificate (no key), as <c>Orleans:Tls:CaPath</c> names it.</summary>
    public string CaPath { get; }

    /// <summary>A member certificate and its key, usable as server and client, as <c>:CertificatePath</c> and <c>:KeyPath</c> name them.</summary>
    public (string CertificatePath, string KeyPath) Issue(string member, X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature, params string[] extendedUsages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={member}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [.. (extendedUsages.Length > 0 ? extendedUsages : ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]).Select(o => new Oid(o))], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.Create(_certificate, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        // Each its own files: silos of parallel tests get certificates at the same time.
        var file = Path.Combine(_directory, $"{member}-{Interlocked.Increment(ref _issued)}");
        var certificatePath = file + ".crt";
        var keyPath = file + ".key";
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>
    /// A member's <c>Orleans:Tls</c> settings, as configuration keys; its peers may also come from the other CAs
    /// given (their certificates in one bundle, as while a cluster moves to a new CA).
    /// </summary>
    public Dictionary<string, string?> Settings(string member, params TestAuthority[] alsoTrusted)
    {
        var (certificatePath, keyPath) = Issue(member);
        var caPath = CaPath;
        if (alsoTrusted.Length > 0)
        {
            caPath = Path.ChangeExtension(certificatePath, ".ca-bundle.crt");
            File.WriteAllLines(caPath, alsoTrusted.Prepend(this).Select(a => File.ReadAllText(a.CaPath)));
        }

        return new()
        {
            ["Orleans:Tls:CertificatePath"] = certificatePath,
            ["Orleans:Tls:KeyPath"] = keyPath,
            ["Orleans:Tls:CaPath"] = caPath,
        };
    }

    /// <summary>A member's <c>Orleans:Tls</c> settings, as a process's environment variables.</summary>
    public Dictionary<string, string> Environment(string member) =>
        Settings(member).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
}
