namespace Sandbox;

/// <summary>The demo platform and accounts the sandbox offers when nothing else is configured.</summary>
public static class DemoPlatform
{
    public const string AppId = "wx5a4db0c0de000001";
    public const string AppSecret = "sandbox-demo-component-secret";
    public const string Token = "sandboxdemotoken";
    public const string EncodingAesKey = "SandboxDemoEncodingAESKey000000000000000000";

    /// <summary>A development machine calls from loopback; a real platform lists its servers' egress IPs instead.</summary>
    public static IReadOnlyList<string> Loopback { get; } = ["127.0.0.1", "::1"];

    /// <summary>
    /// The demo platform as registered for a gateway at <paramref name="gatewayBaseUrl"/>: its two push URLs and
    /// its initiating-page domain point there. Its IP whitelist is empty: the host that runs it adds loopback.
    /// </summary>
    public static SandboxComponent Component(string gatewayBaseUrl) => new()
    {
        AppId = AppId,
        AppSecret = AppSecret,
        Token = Token,
        EncodingAESKey = EncodingAesKey,
        EventUrl = $"{gatewayBaseUrl}/wechat/{AppId}/events",
        MessageUrl = $"{gatewayBaseUrl}/wechat/{AppId}/messages/$APPID$",
        InitiatingPageDomain = new Uri(gatewayBaseUrl).Host,
    };

    /// <summary>Accounts of every shape an admin may bring: service, subscription, unverified, mini program, partial and no grants.</summary>
    public static IReadOnlyList<SandboxAccount> Accounts { get; } =
    [
        new() { AppId = "wx5a4db0acc0000001", UserName = "gh_5a4db0acc001", NickName = "沙盒咖啡 Sandbox Coffee", Kind = SandboxAccountKind.OfficialAccount },
        new() { AppId = "wx5a4db0acc0000002", UserName = "gh_5a4db0acc002", NickName = "沙盒书店 Sandbox Books", Kind = SandboxAccountKind.OfficialAccount },
        new() { AppId = "wx5a4db0acc0000003", UserName = "gh_5a4db0acc003", NickName = "沙盒点餐 Sandbox Orders", Kind = SandboxAccountKind.MiniProgram },
        new() { AppId = "wx5a4db0acc0000004", UserName = "gh_5a4db0acc004", NickName = "沙盒日报 Sandbox Daily (订阅号)", Kind = SandboxAccountKind.OfficialAccount, ServiceType = 0 },
        new() { AppId = "wx5a4db0acc0000005", UserName = "gh_5a4db0acc005", NickName = "沙盒新店 Sandbox New Shop (未认证)", Kind = SandboxAccountKind.OfficialAccount, VerifyType = -1 },
        new() { AppId = "wx5a4db0acc0000006", UserName = "gh_5a4db0acc006", NickName = "沙盒花店 Sandbox Flowers (部分授权)", Kind = SandboxAccountKind.OfficialAccount, Grants = [1, 2] },
        new() { AppId = "wx5a4db0acc0000007", UserName = "gh_5a4db0acc007", NickName = "沙盒旧号 Sandbox Dormant (未授权任何权限)", Kind = SandboxAccountKind.OfficialAccount, Grants = [] },
    ];
}
