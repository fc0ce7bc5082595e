using Microsoft.Extensions.Logging.Testing;

namespace Gateway.Tests.Support;

/// <summary>
/// The development gateway with its log collected, the project's own categories and outgoing HTTP at Debug, to prove
/// what never reaches a log. ASP.NET Core's request lines stay at their default: in this process they include the
/// in-process sandbox's, which is WeChat's side of the wire and sees every token by design.
/// </summary>
public sealed class LoggedGatewayHost : GatewayHost
{
    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        new[] { "Gateway", "Grains", "WeChat", "System.Net.Http" }.Select(c => new KeyValuePair<string, string?>($"Logging:LogLevel:{c}", "Debug"));

    protected override void Configure(WebApplicationBuilder builder) => builder.Logging.AddFakeLogging();

    /// <summary>Everything logged so far, as one text.</summary>
    public string LoggedText() => string.Join('\n', Logs.GetSnapshot().Select(l => $"{l.Message} {l.Exception}"));
}
