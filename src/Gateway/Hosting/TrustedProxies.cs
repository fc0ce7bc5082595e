using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Gateway.Hosting;

/// <summary>
/// <c>Gateway:TrustedProxies:N</c>: the addresses (<c>10.0.0.7</c>) or CIDR networks (<c>10.0.0.0/8</c>) of the reverse
/// proxies in front of the gateway. Only a request whose connection comes from one of them has its
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> believed; none (the default, loopback included) means the
/// connection's own address is the client's, so no one can pick the address the per-address limits count.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public List<string> TrustedProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            if (!IPAddress.TryParse(TrustedProxies[i], out _) && !System.Net.IPNetwork.TryParse(TrustedProxies[i], out _))
            {
                yield return new ValidationResult(
                    $"Gateway:TrustedProxies:{i} is '{TrustedProxies[i]}', neither an IP address (10.0.0.7) nor a CIDR network (10.0.0.0/8).");
            }
        }
    }
}

internal static class TrustedProxies
{
    /// <summary>
    /// ASP.NET Core's forwarded-headers handling, trusting only the configured proxies. It replaces the defaults (which
    /// trust loopback) and, being configured after them, also what <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> would
    /// set up (which trusts everyone).
    /// </summary>
    public static void AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<TrustedProxyOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((o, trusted) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Walks X-Forwarded-For from the right for as long as each hop is a trusted proxy, and stops at the first
            // address that is not: a client cannot prepend addresses of its choosing past the proxies.
            o.ForwardLimit = null;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var entry in trusted.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
            }
        });
    }
}
