namespace Sandbox;

/// <summary>The demo platform and accounts the sandbox offers when nothing else is configured, ideal and not.</summary>
public static class DemoPlatform
{
    public const string AppId = "wx5a4db0c0de000001";
    public const string AppSecret = "sandbox-demo-component-secret";
    public const string Token = "sandboxdemotoken";
    public const string EncodingAesKey = "SandboxDemoEncodingAESKey000000000000000000";

    public static SandboxComponent Component(string gatewayBaseUrl) => new()
    {
        AppId = AppId,
        AppSecret = AppSecret,
        Token = Token,
        EncodingAESKey = EncodingAesKey,
        EventUrl = $"{gatewayBaseUrl}/wechat/{AppId}/events",
        MessageUrl = $"{gatewayBaseUrl}/wechat/{AppId}/messages/$APPID$",
    };

    /// <summary>The open-platform account Sandbox Coffee and Sandbox Orders are bound to (a user has one unionid for both); Sandbox Books has none.</summary>
    public const string OpenPlatformAccount = "sandbox-demo-open-platform";

    public static IReadOnlyList<SandboxAccount> Accounts { get; } =
    [
        new() { AppId = "wx5a4db0acc0000001", UserName = "gh_5a4db0acc001", NickName = "沙盒咖啡 Sandbox Coffee", Kind = SandboxAccountKind.OfficialAccount, OpenPlatformAccount = OpenPlatformAccount },
        new() { AppId = "wx5a4db0acc0000002", UserName = "gh_5a4db0acc002", NickName = "沙盒书店 Sandbox Books", Kind = SandboxAccountKind.OfficialAccount },
        new() { AppId = "wx5a4db0acc0000003", UserName = "gh_5a4db0acc003", NickName = "沙盒点餐 Sandbox Orders", Kind = SandboxAccountKind.MiniProgram, OpenPlatformAccount = OpenPlatformAccount },
        new() { AppId = "wx5a4db0acc0000004", UserName = "gh_5a4db0acc004", NickName = "沙盒日报 Sandbox Daily (订阅号, 未认证)", Kind = SandboxAccountKind.OfficialAccount, ServiceType = 0, Verified = false },
        new() { AppId = "wx5a4db0acc0000005", UserName = "gh_5a4db0acc005", NickName = "沙盒部分授权 Sandbox Partial (grants sets 1 and 2)", Kind = SandboxAccountKind.OfficialAccount, GrantedPermissionSets = [1, 2] },
        new() { AppId = "wx5a4db0acc0000006", UserName = "gh_5a4db0acc006", NickName = "沙盒零授权 Sandbox Nothing (grants no set)", Kind = SandboxAccountKind.OfficialAccount, GrantedPermissionSets = [] },
    ];
}
