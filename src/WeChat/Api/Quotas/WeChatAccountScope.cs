namespace WeChat.Api.Quotas;

/// <summary>
/// The account the WeChat calls of the current flow are made for. Set where a flow is known to act for one account
/// (an account's API route, a call into an account's grain) rather than at each call site, and read by
/// <see cref="QuotaLedgerHandler"/>: every client that calls WeChat passes through it, whatever built the request.
/// </summary>
public static class WeChatAccountScope
{
    private static readonly AsyncLocal<WeChatAccount?> Ambient = new();

    public static WeChatAccount? Current => Ambient.Value;

    /// <summary>Makes <paramref name="account"/> (null: none) current until the returned scope is disposed.</summary>
    public static Scope Enter(WeChatAccount? account)
    {
        var previous = Ambient.Value;
        Ambient.Value = account;
        return new Scope(previous);
    }

    public readonly struct Scope(WeChatAccount? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
