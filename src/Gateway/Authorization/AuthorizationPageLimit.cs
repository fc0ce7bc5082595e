using System.ComponentModel.DataAnnotations;
using Gateway.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using static Gateway.Pages.Page;

namespace Gateway.Authorization;

/// <summary><c>Gateway:AuthorizationPages</c>.</summary>
public sealed class AuthorizationPageOptions
{
    public const string Section = "Gateway:AuthorizationPages";

    /// <summary>Requests per minute per client address on the start page, the redirect and the callback; 0 = no limit.</summary>
    [Range(0, 100_000, ErrorMessage = "Gateway:AuthorizationPages:PermitsPerMinute must be between 0 (no limit) and 100000.")]
    public int PermitsPerMinute { get; set; } = 20;
}

/// <summary>
/// The authorization pages are open to anyone, and the redirect and the callback each cost the platform a WeChat call
/// (<c>api_create_preauthcode</c>, <c>api_query_auth</c>) from a daily quota it shares with everything else: a limit
/// per client address refuses the excess before any handler runs, so a flood spends nothing of the quota.
/// </summary>
internal static class AuthorizationPageLimit
{
    public const string Policy = "authorization-pages";

    public static void AddAuthorizationPageLimit(this IServiceCollection services)
    {
        services.AddOptions<AuthorizationPageOptions>().BindConfiguration(AuthorizationPageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthorizationPageOptions>>((o, pages) =>
            o.AddPolicy(Policy, new ClientAddressLimit(pages.Value.PermitsPerMinute, RefuseAsync)));
    }

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        TooManyRequests.Refuse(rejected);
        var retryAfter = rejected.HttpContext.Response.Headers.RetryAfter.ToString();
        await Html("请稍后再试 Too many requests", $"""
            <p class="problem">Too many authorization requests from your address. Try again in {E(retryAfter)} s.</p>
            """, StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext);
    }
}
