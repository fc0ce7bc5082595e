namespace Sandbox.State;

/// <summary>
/// A person using WeChat. WeChat never reveals who it is: each account sees its own openid for them, and the accounts
/// bound to one open-platform account share a unionid (<see cref="UserBook"/>).
/// </summary>
public sealed class SandboxUser(string id, string nickName)
{
    /// <summary>The sandbox's own name for the person, not a WeChat value.</summary>
    public string Id { get; } = id;

    public string NickName { get; } = nickName;
}
