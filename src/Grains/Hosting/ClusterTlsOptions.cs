using System.ComponentModel.DataAnnotations;

namespace Grains.Hosting;

/// <summary>
/// The <c>Orleans:Tls</c> section: this member's certificate and key, and the CA that signs every member's
/// certificate, as PEM files. All three set: every connection between silos, and from gateways to silos, is mutual
/// TLS. None set: plaintext (warned at start). Anything in between is refused.
/// </summary>
public sealed class ClusterTlsOptions : IValidatableObject
{
    public const string Section = "Orleans:Tls";

    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? CaPath { get; set; }

    public bool Enabled => Paths.Any(p => !string.IsNullOrWhiteSpace(p.Value));

    private IEnumerable<(string Name, string? Value)> Paths =>
        [(nameof(CertificatePath), CertificatePath), (nameof(KeyPath), KeyPath), (nameof(CaPath), CaPath)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            return [];
        }

        var missing = Paths.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Name).ToList();
        if (missing.Count > 0)
        {
            return missing.Select(name => new ValidationResult(
                $"{Section}:{name} is not set: set all of {Section}:CertificatePath, :KeyPath and :CaPath for mutual TLS between the cluster's members, or none of them.",
                [name]));
        }

        var problem = ClusterCredentials.Problem(this);
        return problem is null ? [] : [new ValidationResult(problem)];
    }
}
