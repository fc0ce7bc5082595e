using System.Security.Cryptography;
using Sandbox;

namespace Gateway.Hosting;

/// <summary>
/// Single-node mode with no platform configured: the WeChat sandbox runs inside the gateway with a demo
/// platform whose event URL is this gateway, so the whole flow works on a fresh clone with no configuration.
/// </summary>
internal static partial class DevelopmentSandbox
{
    public const string ComponentAppId = "wx5a4db0c0de000001";
    private const string ComponentSecret = "sandbox-demo-component-secret";
    private const string ComponentToken = "sandboxdemotoken";
    private const string ComponentKey = "SandboxDemoEncodingAESKey000000000000000000";

    public static bool IsWanted(IConfiguration configuration) =>
        !configuration.GetSection("WeChat:Components").GetChildren().Any();

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
            ["WeChat:Components:0:AppSecret"] = ComponentSecret,
            ["WeChat:Components:0:Token"] = ComponentToken,
            ["WeChat:Components:0:EncodingAESKey"] = ComponentKey,
        };
        if (!builder.Configuration.GetSection("Gateway:ApiKeys").GetChildren().Any())
        {
            settings["Gateway:ApiKeys:0"] = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddWeChatSandbox(options =>
        {
            options.Components.Add(new SandboxComponent
            {
                AppId = ComponentAppId,
                AppSecret = ComponentSecret,
                Token = ComponentToken,
                EncodingAESKey = ComponentKey,
                EventUrl = $"{self}/wechat/{ComponentAppId}/events",
                MessageUrl = $"{self}/wechat/{ComponentAppId}/messages/$APPID$",
            });
            if (options.Accounts.Count == 0)
            {
                options.Accounts.AddRange(DemoAccounts);
            }
        });
    }

    public static void Announce(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.DevelopmentSandbox");
        var self = app.Configuration["WeChat:ApiBaseUrl"];
        LogReady(logger, $"{self}/wechat/{ComponentAppId}/authorize", $"{self}/status", $"{self}/sandbox", app.Configuration["Gateway:ApiKeys:0"] ?? "");
    }

    private static readonly SandboxAccount[] DemoAccounts =
    [
        new() { AppId = "wx5a4db0acc0000001", UserName = "gh_5a4db0acc001", NickName = "沙盒咖啡 Sandbox Coffee", Kind = SandboxAccountKind.OfficialAccount },
        new() { AppId = "wx5a4db0acc0000002", UserName = "gh_5a4db0acc002", NickName = "沙盒书店 Sandbox Books", Kind = SandboxAccountKind.OfficialAccount },
        new() { AppId = "wx5a4db0acc0000003", UserName = "gh_5a4db0acc003", NickName = "沙盒点餐 Sandbox Orders", Kind = SandboxAccountKind.MiniProgram },
    ];

    [LoggerMessage(Level = LogLevel.Warning, Message = """
        DEVELOPMENT MODE: no WeChat platform is configured, so the WeChat sandbox runs in this process with a demo platform.
          Authorize a test account:  {AuthorizeUrl}
          Status page:               {StatusUrl}
          WeChat sandbox:            {SandboxUrl}
          Development API key:       {ApiKey}
        """)]
    private static partial void LogReady(ILogger logger, string authorizeUrl, string statusUrl, string sandboxUrl, string apiKey);
}
