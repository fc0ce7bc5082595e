using System.Text;
using Flurl;

namespace WeChat.Api;

/// <summary>Builds the link that sends a user, inside WeChat, to an official account's web-page OAuth (§3.11).</summary>
public static class OAuthLinks
{
    /// <summary>WeChat passes <c>state</c> back unchanged up to this many bytes.</summary>
    public const int MaxStateBytes = 128;

    public static string ForOfficialAccount(string mobilePortalBaseUrl, OAuthRequest request)
    {
        if (!OAuthScopes.IsValid(request.Scope))
        {
            throw new ArgumentException($"scope must be {OAuthScopes.Base} or {OAuthScopes.UserInfo}", nameof(request));
        }

        if (request.State is { } state && Encoding.UTF8.GetByteCount(state) > MaxStateBytes)
        {
            throw new ArgumentException($"state may be at most {MaxStateBytes} bytes", nameof(request));
        }

        var url = new Url(mobilePortalBaseUrl)
            .AppendPathSegments("connect", "oauth2", "authorize")
            .SetQueryParam("appid", request.AuthorizerAppId)
            .SetQueryParam("redirect_uri", request.RedirectUri)
            .SetQueryParam("response_type", "code")
            .SetQueryParam("scope", request.Scope);
        if (request.State is not null)
        {
            url.SetQueryParam("state", request.State);
        }

        return url.SetQueryParam("component_appid", request.ComponentAppId).SetFragment("wechat_redirect").ToString();
    }
}
