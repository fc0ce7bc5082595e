namespace Sandbox;

/// <summary>
/// The permission sets (权限集, func_info ids) the sandbox knows: which kind of account can grant each, and its
/// name on the approval page. Ids it does not list can be granted by either kind.
/// </summary>
public static class PermissionSetCatalog
{
    public const int OfficialAccountMessages = 1;
    public const int OfficialAccountWebPages = 4;
    public const int OfficialAccountCards = 8;
    public const int MiniProgramCustomerService = 19;

    private static readonly Dictionary<int, (string Name, SandboxAccountKind Kind)> Known = new()
    {
        [1] = ("消息管理权限 Messages", SandboxAccountKind.OfficialAccount),
        [2] = ("用户管理权限 Users", SandboxAccountKind.OfficialAccount),
        [3] = ("帐号服务权限 Account services", SandboxAccountKind.OfficialAccount),
        [4] = ("网页服务权限 Web pages (JS-SDK)", SandboxAccountKind.OfficialAccount),
        [7] = ("群发与通知权限 Mass messages", SandboxAccountKind.OfficialAccount),
        [8] = ("微信卡券权限 Cards", SandboxAccountKind.OfficialAccount),
        [11] = ("素材管理权限 Media", SandboxAccountKind.OfficialAccount),
        [15] = ("自定义菜单权限 Menu", SandboxAccountKind.OfficialAccount),
        [17] = ("帐号管理权限 Mini program account", SandboxAccountKind.MiniProgram),
        [18] = ("开发管理与数据分析权限 Development and analytics", SandboxAccountKind.MiniProgram),
        [19] = ("客服消息管理权限 Customer service", SandboxAccountKind.MiniProgram),
    };

    public static string Name(int id) => Known.TryGetValue(id, out var set) ? set.Name : $"权限集 {id}";

    public static bool AppliesTo(int id, SandboxAccountKind kind) => !Known.TryGetValue(id, out var set) || set.Kind == kind;

    /// <summary>The set that lets a platform send customer-service messages for an account of this kind.</summary>
    public static int CustomerService(SandboxAccountKind kind) =>
        kind == SandboxAccountKind.MiniProgram ? MiniProgramCustomerService : OfficialAccountMessages;

    /// <summary>What an account of <paramref name="account"/>'s kind and habits grants out of <paramref name="offered"/>.</summary>
    public static IReadOnlyList<int> Granted(SandboxAccount account, IEnumerable<int> offered) =>
        [.. offered.Distinct().Where(id => AppliesTo(id, account.Kind) && (account.Grants is null || account.Grants.Contains(id))).Order()];
}
