using WeChat;

namespace Sandbox;

/// <summary>WeChat's full-network-release test accounts (全网发布 专用测试账号), five groups.</summary>
public static class ReleaseTestAccounts
{
    public static IReadOnlyList<SandboxAccount> All { get; } =
        [.. ReleaseTest.Accounts.Select((account, index) => new SandboxAccount
        {
            AppId = account.AppId,
            UserName = account.UserName,
            NickName = $"全网发布测试{(account.MiniProgram ? "小程序" : "公众号")} {(index / 2) + 1}",
            Kind = account.MiniProgram ? SandboxAccountKind.MiniProgram : SandboxAccountKind.OfficialAccount,
        })];
}
