namespace WeChat.Api;

/// <summary>The scopes of web-page OAuth (docs/wechat-protocol.md §3.11); a request may join both with a comma.</summary>
public static class OAuthScopes
{
    /// <summary>Silent: only the user's openid.</summary>
    public const string Base = "snsapi_base";

    /// <summary>The user approves; the profile can then be read.</summary>
    public const string UserInfo = "snsapi_userinfo";

    public static bool IsValid(string? scope) =>
        !string.IsNullOrEmpty(scope) && scope.Split(',').All(s => s is Base or UserInfo);
}
