using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.Hosting;

/// <summary>What every refusal of the gateway's rate limits starts with, before its own body.</summary>
internal static class TooManyRequests
{
    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least one), from the refused lease when it says.</summary>
    public static void Refuse(OnRejectedContext rejected)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }
}
