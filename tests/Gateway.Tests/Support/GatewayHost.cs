using System.Net;
using System.Net.Http.Headers;
using Gateway;
using Grains;
using Sandbox;
using Sandbox.State;
using WeChat.Crypto;

namespace Gateway.Tests.Support;

/// <summary>
/// The gateway exactly as <c>dotnet run --project src/Gateway</c> starts it with no configuration: real Kestrel
/// on a loopback port, an in-process silo and the WeChat sandbox pushing to it over HTTP. Its ports are reserved ones:
/// the gateway builds its sandbox from its own address before it listens, and Orleans cannot bind port 0.
/// </summary>
public class GatewayHost : IAsyncLifetime
{
    public const string ApiKey = "gateway-test-key";
    public const string ComponentAppId = "wx5a4db0c0de000001";
    public const string Account = "wx5a4db0acc0000001";
    public const string MiniProgram = "wx5a4db0acc0000003";

    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public SandboxWorld WeChat => _app!.Services.GetRequiredService<SandboxWorld>();

    public IGrainFactory Grains => _app!.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _app!.Services;

    /// <summary>The demo platform's crypt, to build pushes exactly as WeChat would.</summary>
    public MessageCrypt Crypt { get; } = new("sandboxdemotoken", "SandboxDemoEncodingAESKey000000000000000000", ComponentAppId);

    public HttpClient Http { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public virtual async ValueTask InitializeAsync()
    {
        BaseUrl = $"http://127.0.0.1:{ReservedPorts.Take()}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = BaseUrl,
            ["Gateway:ApiKeys:0"] = ApiKey,
            ["Sandbox:Enabled"] = "true",
            ["Orleans:SiloPort"] = ReservedPorts.Take().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = ReservedPorts.Take().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        }.Concat(Settings));
        builder.AddGateway();
        Configure(builder);
        _app = builder.Build();
        _app.MapGateway();
        await _app.StartAsync();

        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl) };
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        await WaitForComponentTokenAsync();
    }

    /// <summary>A test host's own additions to the gateway's services (log collectors, fakes).</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    /// <summary>Approves the demo platform for an account in the sandbox and returns the authorization code.</summary>
    public string Approve(string authorizerAppId, bool pushEvent = false) => Approval(authorizerAppId, pushEvent).Value;

    /// <summary>Approves the demo platform for an account, granting <paramref name="permissionSets"/> (default: all the platform's).</summary>
    public AuthorizationCode Approval(string authorizerAppId, bool pushEvent = false, IReadOnlyList<int>? permissionSets = null)
    {
        var component = WeChat.Options.FindComponent(ComponentAppId)!;
        var preAuthCode = WeChat.Codes.CreatePreAuthCode(ComponentAppId).Value;
        WeChat.Codes.TryConsumePreAuthCode(ComponentAppId, preAuthCode);
        return WeChat.Approve(component, WeChat.FindAccount(authorizerAppId)!, preAuthCode, permissionSets ?? component.PermissionSets, pushEvent);
    }

    public async Task<AuthorizerSummary> AuthorizeAsync(string authorizerAppId) =>
        await Grains.GetGrain<IComponentGrain>(ComponentAppId).CompleteAuthorizationAsync(Approve(authorizerAppId));

    public virtual async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Api.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private Task WaitForComponentTokenAsync() =>
        Eventually.Until(async () =>
        {
            using var response = await Api.GetAsync($"/api/components/{ComponentAppId}/token");
            return response.StatusCode == HttpStatusCode.OK;
        }, what: "the demo platform has a component token");
}
