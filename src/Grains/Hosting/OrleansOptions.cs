using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Grains.Hosting;

/// <summary>
/// The <c>Orleans</c> section, for every process of the cluster (silo, client gateway, single node). Read once while
/// the host is built, because Orleans' builders need the values before the service provider exists.
/// </summary>
public sealed class OrleansOptions : IValidatableObject
{
    public const string Section = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "dev";

    /// <summary>Also the key of every row the project owns in the database (the authorizer index, codes, activity).</summary>
    [Required]
    public string ServiceId { get; set; } = "wechat-tokens";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on (a pod IP on Kubernetes); absent: this host's first IPv4 address.</summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>The silo's name in the membership table; absent: Orleans' own.</summary>
    public string? SiloName { get; set; }

    /// <summary>How long a stopping silo may take to hand its grains over (deactivations write state).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(25);

    public IPAddress? AdvertisedAddress => string.IsNullOrWhiteSpace(AdvertisedIP) ? null : IPAddress.Parse(AdvertisedIP);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdvertisedIP) && !IPAddress.TryParse(AdvertisedIP, out _))
        {
            yield return new ValidationResult($"Orleans:AdvertisedIP '{AdvertisedIP}' is not an IP address.");
        }

        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult("Orleans:SiloPort and Orleans:GatewayPort must differ.");
        }

        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Orleans:ShutdownTimeout must be positive.");
        }
    }

    /// <summary>The bound section, validated; an invalid value stops start-up with one message naming the key.</summary>
    public static OrleansOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<OrleansOptions>() ?? new OrleansOptions();
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true))
        {
            throw new OptionsValidationException(Section, typeof(OrleansOptions), problems.Select(p => Named(p)));
        }

        return options;
    }

    private static string Named(ValidationResult problem) =>
        problem.MemberNames.FirstOrDefault() is { } member ? $"Orleans:{member}: {problem.ErrorMessage}" : problem.ErrorMessage ?? "invalid";
}
