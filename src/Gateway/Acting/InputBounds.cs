namespace Gateway.Acting;

/// <summary>
/// The bounds of what a business service sends that goes on to WeChat (or is compared with a token), checked by the
/// built-in validation before any call. WeChat's codes, tokens and tickets are tens to a few hundred URL-safe
/// characters (it asks for 512 to be kept for an access token); its OAuth <c>state</c> is at most 128 characters of
/// letters and digits. Reasons in docs/wechat-protocol.md §3.18.
/// </summary>
internal static class InputBounds
{
    public const int MaxCodeLength = 256;

    public const int MaxTokenLength = 512;

    public const int MaxUrlLength = 2048;

    public const int MaxStateLength = 128;

    // The patterns are anchored for readers of the OpenAPI document; RegularExpressionAttribute also requires the
    // match to span the whole value, so a trailing newline (which $ would let through) is refused.

    /// <summary>Letters, digits and the few marks WeChat's codes and tokens use (<c>queryauthcode@@@…</c>, base64).</summary>
    public const string TokenCharacters = @"^[A-Za-z0-9_\-.~@*+/=]+$";

    public const string TokenCharactersMessage = "The {0} field takes letters, digits and _ - . ~ @ * + / = only.";

    /// <summary>One scope, or both joined by a comma.</summary>
    public const string Scope = @"^snsapi_(base|userinfo)(,snsapi_(base|userinfo))?$";

    public const string ScopeMessage = "The {0} field is snsapi_base, snsapi_userinfo or both joined by a comma.";

    /// <summary>URL-unreserved characters, so WeChat passes the state back as it was sent.</summary>
    public const string State = @"^[A-Za-z0-9_\-.~]*$";

    public const string StateMessage = "The {0} field takes letters, digits and _ - . ~ only.";
}
