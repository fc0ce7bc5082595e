using System.Globalization;
using System.Net;

namespace Gateway.Tests;

/// <summary><c>Sandbox:Enabled</c>: the WeChat sandbox runs in the gateway only when asked, by default only in Development with no platform.</summary>
public sealed class SandboxSwitchTests
{
    private const string ComponentAppId = "wx5a4db0c0de000001";

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Staging", null)]
    [InlineData("Development", "false")]
    public void A_gateway_with_no_platform_and_no_sandbox_refuses_to_start_naming_WeChat_Components(string environment, string? sandbox)
    {
        var builder = Builder(environment, [new("Sandbox:Enabled", sandbox)]);

        var refusal = Assert.Throws<InvalidOperationException>(builder.AddGateway);

        Assert.Contains("WeChat:Components", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sandbox_switched_on_beside_a_configured_platform_refuses_to_start()
    {
        var builder = Builder("Production", [.. Platform(), new("Sandbox:Enabled", "true")]);

        var refusal = Assert.Throws<InvalidOperationException>(builder.AddGateway);

        Assert.Contains("Sandbox:Enabled", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_production_gateway_with_its_platform_does_not_serve_the_sandbox()
    {
        var builder = Builder("Production", Platform());
        builder.AddGateway();
        await using var app = builder.Build();
        app.MapGateway();
        await app.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

            using var dashboard = await http.GetAsync("/sandbox", TestContext.Current.CancellationToken);
            using var control = await http.GetAsync("/sandbox/api/calls", TestContext.Current.CancellationToken);
            using var wechatApi = await http.PostAsync("/cgi-bin/component/api_component_token", new StringContent("{}"), TestContext.Current.CancellationToken);
            using var startPage = await http.GetAsync($"/wechat/{ComponentAppId}/authorize", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, control.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, wechatApi.StatusCode);
            Assert.Equal(HttpStatusCode.OK, startPage.StatusCode);
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The demo platform's settings, pointing WeChat at a loopback port nothing answers on.</summary>
    private static KeyValuePair<string, string?>[] Platform() =>
    [
        new("WeChat:ApiBaseUrl", "http://127.0.0.1:9"),
        new("WeChat:Components:0:AppId", ComponentAppId),
        new("WeChat:Components:0:AppSecret", "sandbox-demo-component-secret"),
        new("WeChat:Components:0:Token", "sandboxdemotoken"),
        new("WeChat:Components:0:EncodingAESKey", "SandboxDemoEncodingAESKey000000000000000000"),
    ];

    private static WebApplicationBuilder Builder(string environment, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Gateway:ApiKeys:0"] = "sandbox-switch-test-key",
            ["Orleans:SiloPort"] = ReservedPorts.Take().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = ReservedPorts.Take().ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        }.Concat(settings));
        return builder;
    }
}
