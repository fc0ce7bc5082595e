namespace WeChat.Api.Quotas;

/// <summary>An authorized account a WeChat call is made for: its quota is the one the call spends.</summary>
public readonly record struct WeChatAccount(string ComponentAppId, string AuthorizerAppId)
{
    /// <summary>The account a grain key <c>{componentAppId}/{authorizerAppId}</c> names, or null for any other key.</summary>
    public static WeChatAccount? FromKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var (component, authorizer) = (key[..slash], key[(slash + 1)..]);
        return AppIds.IsWellFormed(component) && AppIds.IsWellFormed(authorizer) ? new WeChatAccount(component, authorizer) : null;
    }

    public override string ToString() => $"{ComponentAppId}/{AuthorizerAppId}";
}
