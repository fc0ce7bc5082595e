using System.Text.RegularExpressions;

namespace WeChat.Api;

/// <summary>Removes token values from URLs before they reach a log line or an error message.</summary>
public static partial class TokenRedaction
{
    public const string Mask = "***";

    public static string Redact(string url) => SecretParameter().Replace(url, "$1=" + Mask);

    [GeneratedRegex(@"\b((?:component_)?access_token|authorizer_access_token|refresh_token|authorizer_refresh_token|component_appsecret|component_secret|appsecret|secret|ticket|component_verify_ticket|pre_auth_code|auth_code|authorization_code|code|js_code|session_key)=[^&#\s]*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();
}
