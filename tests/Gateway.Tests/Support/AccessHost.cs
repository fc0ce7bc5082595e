using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Tests.Support;

/// <summary>
/// The development gateway with small per-address limits (3 requests a minute on the authorization pages, 5 sign-ins a
/// minute on the status page), the loopback network 127.0.1.0/24 as its trusted proxies, and two admins: one of every
/// platform and one of the demo platform only. Requests come from a loopback address of the test's choosing
/// (<see cref="From"/>), so each test has partitions of its own and can be a proxy or not.
/// </summary>
public sealed class AccessHost : GatewayHost
{
    public const int PagePermits = 3;
    public const int SignInPermits = 5;
    public const string OperatorKey = "operator-key-0123456789";
    public const string PlatformOperatorKey = "platform-operator-key-0123456789";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Gateway:AuthorizationPages:PermitsPerMinute", PagePermits.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Gateway:StatusLogin:PermitsPerMinute", SignInPermits.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Gateway:TrustedProxies:0", "127.0.1.0/24"),
        new("Gateway:Clients:0:Name", "operator"),
        new("Gateway:Clients:0:KeySha256", Sha256(OperatorKey)),
        new("Gateway:Clients:0:Scopes:0", "admin"),
        new("Gateway:Clients:1:Name", "platform-operator"),
        new("Gateway:Clients:1:KeySha256", Sha256(PlatformOperatorKey)),
        new("Gateway:Clients:1:Scopes:0", "admin"),
        new("Gateway:Clients:1:Components:0", ComponentAppId),
    ];

    public static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// An HTTP client whose connections come from <paramref name="sourceAddress"/>, a loopback address (all of 127/8 is
    /// the loopback interface on Linux), without redirects or cookies.
    /// </summary>
    public HttpClient From(string sourceAddress)
    {
        var source = IPAddress.Parse(sourceAddress);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) };
    }
}
