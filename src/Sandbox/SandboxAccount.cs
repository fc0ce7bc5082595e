namespace Sandbox;

public enum SandboxAccountKind
{
    OfficialAccount,
    MiniProgram,
}

/// <summary>An official account or mini program that can authorize platforms on the sandbox's authorization page.</summary>
public sealed class SandboxAccount
{
    public string AppId { get; set; } = "";

    /// <summary>The original id (gh_...), ToUserName of its messages.</summary>
    public string UserName { get; set; } = "";

    public string NickName { get; set; } = "";

    public SandboxAccountKind Kind { get; set; }

    public string PrincipalName { get; set; } = "Sandbox Test Co., Ltd.";

    /// <summary>service_type_info.id: 0 subscription account, 1 upgraded old account, 2 service account; 0 for mini programs.</summary>
    public int? ServiceType { get; set; }

    /// <summary>verify_type_info.id: -1 unverified, 0 WeChat verified, 1-5 other verifications.</summary>
    public int VerifyType { get; set; }

    /// <summary>account_status: 1 normal, 14 deregistered, 16 banned, 18 warned, 19 frozen.</summary>
    public int AccountStatus { get; set; } = 1;

    /// <summary>
    /// The permission sets this account's admin leaves ticked on the approval page; null ticks every requested set.
    /// An empty list grants none: api_query_auth then returns no tokens.
    /// </summary>
    public List<int>? Grants { get; set; }

    public int EffectiveServiceType => ServiceType ?? (Kind == SandboxAccountKind.MiniProgram ? 0 : 2);
}
