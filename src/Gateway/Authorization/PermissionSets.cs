namespace Gateway.Authorization;

/// <summary>Names of WeChat's permission sets (权限集), shown to the admin who authorized.</summary>
internal static class PermissionSets
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "消息管理 Messages",
        [2] = "用户管理 Users",
        [3] = "帐号服务 Account services",
        [4] = "网页服务 Web pages",
        [5] = "微信小店 WeChat store",
        [6] = "微信多客服 Customer service",
        [7] = "群发与通知 Mass messages",
        [8] = "微信卡券 Cards and coupons",
        [9] = "微信扫一扫 Scan",
        [10] = "微信连WIFI Wi-Fi",
        [11] = "素材管理 Materials",
        [12] = "微信摇周边 Shake",
        [13] = "微信门店 Stores",
        [15] = "自定义菜单 Custom menu",
        [17] = "帐号管理 Account management (mini program)",
        [18] = "开发管理与数据分析 Development and analytics (mini program)",
        [19] = "客服消息管理 Customer-service messages (mini program)",
    };

    public static string Name(int id) => Names.TryGetValue(id, out var name) ? name : $"Permission set {id}";
}
