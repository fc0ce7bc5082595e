namespace Sandbox;

/// <summary>A third-party platform registered with the sandbox, as its 开发资料 page at WeChat would hold it.</summary>
public sealed class SandboxComponent
{
    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    public string Token { get; set; } = "";

    public string EncodingAESKey { get; set; } = "";

    /// <summary>授权事件接收URL: tickets and authorization events are pushed here.</summary>
    public string? EventUrl { get; set; }

    /// <summary>消息与事件接收URL; <c>$APPID$</c> is replaced by the authorizer appid.</summary>
    public string? MessageUrl { get; set; }

    /// <summary>The platform's IP whitelist (IPv4 or IPv6 addresses). Empty, as at WeChat, lets no caller in (61004).</summary>
    public List<string> AllowedClientIps { get; set; } = [];

    /// <summary>
    /// 授权发起页域名: the authorization page must be opened from a page on this host, and redirect_uri must be on it.
    /// Unset, as on a platform that registered none, the authorization page refuses every request.
    /// </summary>
    public string? InitiatingPageDomain { get; set; }

    /// <summary>Permission sets (func_info ids) this platform declared; an account grants at most these.</summary>
    public List<int> PermissionSets { get; set; } = [1, 2, 3, 4, 11, 17, 18, 19];
}
