using System.ComponentModel.DataAnnotations;

namespace Gateway;

/// <summary>The <c>Gateway</c> section.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>Bearer keys accepted on <c>/api</c>; none means <c>/api</c> refuses everyone.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Pushes whose timestamp is further than this from now are refused as stale or replayed.</summary>
    public TimeSpan PushTimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest push body accepted from WeChat.</summary>
    public int MaxPushBytes { get; set; } = 64 * 1024;

    /// <summary>How long this gateway reuses an authorizer token it got from the grain; zero asks the grain every time.</summary>
    public TimeSpan TokenCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PushTimestampTolerance <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Gateway:PushTimestampTolerance must be positive.");
        }

        if (MaxPushBytes < 1024)
        {
            yield return new ValidationResult("Gateway:MaxPushBytes must be at least 1024.");
        }

        if (TokenCacheDuration < TimeSpan.Zero || TokenCacheDuration > TimeSpan.FromSeconds(30))
        {
            yield return new ValidationResult("Gateway:TokenCacheDuration must be between 0 and 30 seconds (a cached token must keep the contract's 60 s).");
        }
    }
}
