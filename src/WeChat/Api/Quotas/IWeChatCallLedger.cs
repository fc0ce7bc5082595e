namespace WeChat.Api.Quotas;

/// <summary>This process's view of the accounts' daily API quotas: what it counts, and what it refuses to send.</summary>
public interface IWeChatCallLedger
{
    /// <summary>Until when calls of <paramref name="api"/> for <paramref name="account"/> are refused (WeChat said 45009), or null.</summary>
    DateTimeOffset? RefusedUntil(WeChatAccount account, string api);

    /// <summary>Counts one call WeChat answered; <paramref name="errorCode"/> is its errcode when the answer carried one.</summary>
    void Count(WeChatAccount account, string api, int? errorCode);
}
