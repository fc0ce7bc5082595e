using System.Threading.RateLimiting;
using Gateway.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.Access;

/// <summary>Who may call <c>/api</c> and how often: bearer-key authentication, one policy per scope, per-client limits.</summary>
public static class ApiAccessHosting
{
    public const string PerClientLimit = "per-client";

    /// <summary>Any known client that may use the route's platform; every <c>/api</c> route adds its own scope.</summary>
    public const string AnyScope = "client";

    public static AuthenticationBuilder AddApiAccess(this IServiceCollection services)
    {
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<ApiAccessLog>();
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();

        // The API key is the default scheme, which the authentication middleware has already run for the request: a
        // policy naming it again would authenticate every API request twice (a second principal, ticket and result).
        var policies = services.AddAuthorizationBuilder()
            .AddPolicy(AnyScope, p => p.AddRequirements(new ScopeRequirement(null)));
        foreach (var scope in ApiScopes.All)
        {
            policies.AddPolicy(scope, p => p.AddRequirements(new ScopeRequirement(scope)));
        }

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerClientLimit, Partition);
            o.OnRejected = async (rejected, ct) =>
            {
                TooManyRequests.Refuse(rejected);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "This client's request rate is limited (Gateway:Clients:N:PermitsPerSecond)." },
                });
            };
        });

        return services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
    }

    /// <summary>
    /// A token bucket per limited client holding one second's worth of requests; refilled in tenths of a second for
    /// fast clients (so a burst cannot exceed the rate by much) and one permit at a time for slow ones.
    /// </summary>
    private static RateLimitPartition<string> Partition(HttpContext http)
    {
        var client = http.RequestServices.GetRequiredService<ClientRegistry>().Find(http.User.Identity?.Name);
        if (client?.PermitsPerSecond is not { } rate)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var (period, perPeriod) = rate >= 10 ? (TimeSpan.FromMilliseconds(100), (int)Math.Round(rate / 10)) : (TimeSpan.FromSeconds(1 / rate), 1);
        return RateLimitPartition.GetTokenBucketLimiter(client.Name, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(rate)),
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
