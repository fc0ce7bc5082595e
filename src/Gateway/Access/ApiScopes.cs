namespace Gateway.Access;

/// <summary>What a client may do; each scope is also the name of the authorization policy that requires it.</summary>
public static class ApiScopes
{
    /// <summary>Read tokens and tickets, list authorizers.</summary>
    public const string Tokens = "tokens";

    /// <summary>Report a token WeChat rejected, so it is refreshed.</summary>
    public const string Refresh = "refresh";

    /// <summary>Act for accounts: the WeChat proxies, OAuth, mini-program login, JS-SDK signatures.</summary>
    public const string Act = "act";

    /// <summary>Mini-program releases: campaigns and each mini program's release state.</summary>
    public const string Release = "release";

    /// <summary>Operate: the status page, dead letters, restoring authorizers from WeChat's list.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Tokens, Refresh, Act, Release, Admin], StringComparer.Ordinal);
}
