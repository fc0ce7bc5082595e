using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Testing;

namespace Gateway.Tests.Support;

/// <summary>
/// The gateway with scoped clients as the contract's "Access" section configures them: each with the SHA-256 of its
/// key, some platforms and some scopes; one limited to two requests a second. Log lines are collected.
/// </summary>
public sealed class ScopedClientsHost : GatewayHost
{
    public const string OtherPlatform = "wx00000000000000ff";

    /// <summary>Name, key, scopes and platforms of each configured client.</summary>
    public static readonly (string Name, string Key, string[] Scopes, string[] Components)[] Clients =
    [
        ("reader", "reader-key-0123456789", ["tokens"], [ComponentAppId]),
        ("refresher", "refresher-key-0123456789", ["tokens", "refresh"], []),
        ("actor", "actor-key-0123456789", ["act"], [ComponentAppId]),
        ("operator", "operator-key-0123456789", ["admin"], []),
        ("releaser", "releaser-key-0123456789", ["release"], [ComponentAppId]),
        ("elsewhere", "elsewhere-key-0123456789", ["tokens", "refresh", "act", "release", "admin"], [OtherPlatform]),
        ("limited", "limited-key-0123456789", ["tokens"], []),
    ];

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Clients.SelectMany((c, i) =>
        new KeyValuePair<string, string?>[]
        {
            new($"Gateway:Clients:{i}:Name", c.Name),
            new($"Gateway:Clients:{i}:KeySha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.Key)))),
        }
        .Concat(c.Scopes.Select((s, j) => new KeyValuePair<string, string?>($"Gateway:Clients:{i}:Scopes:{j}", s)))
        .Concat(c.Components.Select((s, j) => new KeyValuePair<string, string?>($"Gateway:Clients:{i}:Components:{j}", s)))
        .Concat(c.Name == "limited" ? [new($"Gateway:Clients:{i}:PermitsPerSecond", "2")] : Array.Empty<KeyValuePair<string, string?>>()))
        .Append(new("Logging:LogLevel:Gateway.Access", "Information"));

    protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddFakeLogging();

    /// <summary>An HTTP client presenting the named client's key.</summary>
    public HttpClient As(string name)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Clients.Single(c => c.Name == name).Key);
        return http;
    }
}
