namespace Sandbox;

/// <summary>WeChat's full-network-release test accounts (全网发布 专用测试账号), five groups.</summary>
public static class ReleaseTestAccounts
{
    public static IReadOnlyList<SandboxAccount> All { get; } =
    [
        Official("wx570bc396a51b8ff8", "gh_3c884a361561", 1), Mini("wxd101a85aa106f53e", "gh_8dad206e9538", 1),
        Official("wx9252c5e0bb1836fc", "gh_c0f28a78b318", 2), Mini("wxc39235c15087f6f3", "gh_905ae9d01059", 2),
        Official("wx8e1097c5bc82cde9", "gh_3f222ed8d140", 3), Mini("wx7720d01d4b2a4500", "gh_393666f1fdf4", 3),
        Official("wx14550af28c71a144", "gh_26128078e9ab", 4), Mini("wx05d483572dcd5d8b", "gh_39abb5d4e1b7", 4),
        Official("wxa35b9c23cfe664eb", "gh_2b3713f184a6", 5), Mini("wx5910277cae6fd970", "gh_7818dcb60240", 5),
    ];

    private static SandboxAccount Official(string appId, string userName, int group) => new()
    {
        AppId = appId, UserName = userName, NickName = $"全网发布测试公众号 {group}", Kind = SandboxAccountKind.OfficialAccount,
    };

    private static SandboxAccount Mini(string appId, string userName, int group) => new()
    {
        AppId = appId, UserName = userName, NickName = $"全网发布测试小程序 {group}", Kind = SandboxAccountKind.MiniProgram,
    };
}
