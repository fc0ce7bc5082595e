using System.Security.Cryptography;
using Sandbox;

namespace Gateway.Hosting;

/// <summary>
/// Development with no platform configured (or <c>Sandbox:Enabled</c>): the WeChat sandbox runs inside the gateway with
/// a demo platform whose event URL is this gateway, so the whole flow works on a fresh clone with no configuration.
/// Never by default outside Development: a production gateway missing its platforms stops instead of serving a demo.
/// </summary>
internal static partial class DevelopmentSandbox
{
    public const string ComponentAppId = DemoPlatform.AppId;

    /// <summary>The sandbox whitelists no caller by default, as WeChat does; this gateway calls it over loopback.</summary>
    private static readonly string[] LoopbackIps = ["127.0.0.1", "::1"];

    /// <summary>
    /// Whether the sandbox runs in this gateway: <c>Sandbox:Enabled</c>, by default only in the Development environment
    /// with no platform configured. Stops start-up when the answer cannot work: no platform and no sandbox (nothing to
    /// serve), the sandbox beside configured platforms (it would replace the first), or the sandbox in a cluster (the
    /// silos call WeChat themselves and know nothing of an emulator inside one gateway).
    /// </summary>
    public static bool IsEnabled(WebApplicationBuilder builder, bool cluster)
    {
        var platforms = builder.Configuration.GetSection("WeChat:Components").GetChildren().Any(c => c["AppId"] is { Length: > 0 });
        var enabled = builder.Configuration.GetValue<bool?>("Sandbox:Enabled") ?? (builder.Environment.IsDevelopment() && !platforms);
        if (!enabled && !platforms)
        {
            throw new InvalidOperationException(
                $"WeChat:Components is empty: configure the platforms this gateway serves (WeChat:Components:N:AppId, :AppSecret, :Token, :EncodingAESKey). The WeChat sandbox takes their place only in the Development environment or with Sandbox:Enabled=true (environment: {builder.Environment.EnvironmentName}).");
        }

        if (enabled && platforms)
        {
            throw new InvalidOperationException(
                "Sandbox:Enabled is true but WeChat:Components is configured: the in-process sandbox serves only its own demo platform. Remove one or the other.");
        }

        if (enabled && cluster)
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Orleans is set but WeChat:Components is empty: configure the same platforms (WeChat:Components:N:*) on the gateway and the silos. The built-in sandbox runs in single-node mode only.");
        }

        return enabled;
    }

    /// <summary>Points the WeChat settings at the in-process sandbox and registers the demo platform in both.</summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        var self = (builder.Configuration["urls"] ?? "http://localhost:5000").Split(';')[0].TrimEnd('/').Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
        var settings = new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = self,
            ["WeChat:PortalBaseUrl"] = self,
            ["WeChat:MobilePortalBaseUrl"] = self,
            ["WeChat:Components:0:AppId"] = ComponentAppId,
            ["WeChat:Components:0:AppSecret"] = DemoPlatform.AppSecret,
            ["WeChat:Components:0:Token"] = DemoPlatform.Token,
            ["WeChat:Components:0:EncodingAESKey"] = DemoPlatform.EncodingAesKey,
        };
        if (!builder.Configuration.GetSection("Gateway:ApiKeys").GetChildren().Any())
        {
            settings["Gateway:ApiKeys:0"] = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddWeChatSandbox(options =>
        {
            options.Components.Clear();
            var component = DemoPlatform.Component(self);
            component.AllowedClientIps = [.. LoopbackIps];
            component.InitiatingPageDomain = new Uri(self).Host;
            options.Components.Add(component);
            if (options.Accounts.Count == 0)
            {
                options.Accounts.AddRange(DemoPlatform.Accounts);
            }
        });
    }

    public static void Announce(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.DevelopmentSandbox");
        var self = app.Configuration["WeChat:ApiBaseUrl"];
        LogReady(logger, $"{self}/wechat/{ComponentAppId}/authorize", $"{self}/status", $"{self}/sandbox", app.Configuration["Gateway:ApiKeys:0"] ?? "",
            string.Join(", ", LoopbackIps), new Uri(self!).Host);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = """
        DEVELOPMENT MODE: no WeChat platform is configured, so the WeChat sandbox runs in this process with a demo platform.
          Authorize a test account:  {AuthorizeUrl}
          Status page:               {StatusUrl}
          WeChat sandbox:            {SandboxUrl}
          Development API key:       {ApiKey}
          Sandbox IP whitelist:      {AllowedClientIps} (loopback only: the sandbox refuses other callers with 61004, as WeChat does)
          Initiating-page domain:    {InitiatingPageDomain} (the authorization page refuses other entry pages and redirect_uris)
        """)]
    private static partial void LogReady(ILogger logger, string authorizeUrl, string statusUrl, string sandboxUrl, string apiKey, string allowedClientIps, string initiatingPageDomain);
}
