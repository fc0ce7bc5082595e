using System.ComponentModel.DataAnnotations;

namespace Gateway.Access;

/// <summary>
/// One entry of <c>Gateway:Clients</c>: a business service given only what it needs. Configuration holds the SHA-256
/// of its key, never the key, so a leaked configuration file does not leak the key.
/// </summary>
public sealed class ClientOptions
{
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the bearer key the client presents.</summary>
    [Required, RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "KeySha256 must be 64 hex characters (the SHA-256 of the key).")]
    public string KeySha256 { get; set; } = "";

    /// <summary>The platforms (component appids) the client may use; none means all.</summary>
    public List<string> Components { get; set; } = [];

    /// <summary>Any of <c>tokens</c>, <c>refresh</c>, <c>act</c>, <c>admin</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Requests per second this client may make (bursts up to one second's worth); absent means no limit.</summary>
    [Range(0.001, 1_000_000)]
    public double? PermitsPerSecond { get; set; }
}
