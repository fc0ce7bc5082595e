using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Gateway.Access;

namespace Gateway;

/// <summary>The <c>Gateway</c> section.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>Bearer keys accepted on <c>/api</c>; none means <c>/api</c> refuses everyone.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Business services given only some platforms and scopes (see <see cref="ClientOptions"/>).</summary>
    public List<ClientOptions> Clients { get; set; } = [];

    /// <summary>Pushes whose timestamp is further than this from now are refused as stale or replayed.</summary>
    public TimeSpan PushTimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest push body accepted from WeChat.</summary>
    public int MaxPushBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long this gateway reuses a token it got from its grain while it is not subscribed to early replacements
    /// (the registry unreachable); zero asks the grain every time then.
    /// </summary>
    public TimeSpan TokenCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While subscribed, the longest this gateway reuses a token without asking its grain, even if the grain keeps it
    /// longer: it bounds how long an invalidation lost on the way could leave a replaced token served. Each token is
    /// asked for again after a random 75-100% of it, so tokens fetched together are not asked for again together.
    /// The default stays under the authorizer grain's 5-minute collection age: an account read all the time keeps
    /// its grain active, and asking again never waits for a reactivation from storage. Zero turns the long reuse off.
    /// </summary>
    public TimeSpan TokenCacheMaxAge { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// The most authorizer tokens this gateway remembers, to serve while their grain cannot be reached (a silo died and
    /// membership has not noticed yet). About 300 bytes each.
    /// </summary>
    public int TokenCacheEntries { get; set; } = 100_000;

    /// <summary>How long a token read waits for the grain before serving the remembered token, when one is still valid.</summary>
    public TimeSpan GrainCallTimeout { get; set; } = TimeSpan.FromSeconds(1);

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

        if (TokenCacheMaxAge < TimeSpan.Zero || TokenCacheMaxAge > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Gateway:TokenCacheMaxAge must be between 0 and 1 hour.");
        }

        if (TokenCacheEntries < 1)
        {
            yield return new ValidationResult("Gateway:TokenCacheEntries must be at least 1.");
        }

        if (GrainCallTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Gateway:GrainCallTimeout must be positive.");
        }

        foreach (var problem in ClientProblems())
        {
            yield return new ValidationResult(problem);
        }
    }

    private IEnumerable<string> ClientProblems()
    {
        var fullAccess = ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Distinct(StringComparer.Ordinal)
            .Select(k => ClientRegistry.FullAccessName(SHA256.HashData(Encoding.UTF8.GetBytes(k)))).ToList();
        foreach (var name in fullAccess.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return $"Two keys of Gateway:ApiKeys share the name {name} (the start of their SHA-256): replace one of them.";
        }

        for (var i = 0; i < Clients.Count; i++)
        {
            var client = Clients[i];
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(client, new ValidationContext(client), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return $"Gateway:Clients:{i}: {result.ErrorMessage}";
            }

            foreach (var scope in client.Scopes.Where(s => !ApiScopes.All.Contains(s)))
            {
                yield return $"Gateway:Clients:{i}:Scopes has '{scope}'; a scope is one of {string.Join(", ", ApiScopes.All)}.";
            }

            if (fullAccess.Contains(client.Name))
            {
                yield return $"Gateway:Clients:{i}:Name '{client.Name}' is the name of a key of Gateway:ApiKeys.";
            }

            if (Clients.Take(i).Any(c => c.Name == client.Name))
            {
                yield return $"Gateway:Clients:{i}:Name '{client.Name}' is used twice; client names identify clients in logs and metrics.";
            }

            if (Clients.Take(i).Any(c => string.Equals(c.KeySha256, client.KeySha256, StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"Gateway:Clients:{i}:KeySha256 is the same key as another client's.";
            }
        }
    }
}
