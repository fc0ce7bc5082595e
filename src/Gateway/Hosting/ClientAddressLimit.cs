using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.Hosting;

/// <summary>
/// A token bucket per client address for the routes anyone on the internet can reach: a minute's permits at once,
/// refilled evenly over the minute; <c>0</c> permits means no limit. The address is the connection's, or the one a
/// trusted proxy forwarded (<see cref="TrustedProxies"/>). IPv6 clients are counted per /64, the smallest network
/// one is usually given, so hopping between its addresses gains nothing.
/// </summary>
internal sealed class ClientAddressLimit(int permitsPerMinute, Func<OnRejectedContext, CancellationToken, ValueTask> onRejected) : IRateLimiterPolicy<string>
{
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(100);

    public Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected => onRejected;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (permitsPerMinute <= 0)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var period = TimeSpan.FromTicks(Math.Max(ShortestPeriod.Ticks, TimeSpan.FromMinutes(1).Ticks / permitsPerMinute));
        var perPeriod = Math.Max(1, (int)Math.Round(permitsPerMinute * (period / TimeSpan.FromMinutes(1))));

        // Not replenished by a timer of its own: the partitioned limiter refills every partition on one timer.
        return RateLimitPartition.GetTokenBucketLimiter(Client(httpContext.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = permitsPerMinute,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
    }

    /// <summary>The partition of an address: IPv4 as is (IPv4-mapped IPv6 included), IPv6 by its /64 network.</summary>
    internal static string Client(IPAddress? address)
    {
        if (address is null)
        {
            return "(no address)";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }
}
