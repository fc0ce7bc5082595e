using Flurl;

namespace WeChat.Api;

/// <summary>auth_type of the authorization page: which kinds of account may authorize.</summary>
public enum AuthorizationAccountKind
{
    OfficialAccount = 1,
    MiniProgram = 2,
    All = 3,
}

/// <summary>What the authorization link asks for; <see cref="BizAppId"/> restricts it to one account.</summary>
public sealed record AuthorizationRequest(
    string ComponentAppId,
    string PreAuthCode,
    string RedirectUri,
    AuthorizationAccountKind AccountKind = AuthorizationAccountKind.All,
    string? BizAppId = null,
    IReadOnlyList<int>? CategoryIds = null);

/// <summary>Builds the links that send an account's admin to WeChat's authorization page.</summary>
public static class AuthorizationLinks
{
    /// <summary>The PC page, where the admin scans a QR code.</summary>
    public static string ForPc(string portalBaseUrl, AuthorizationRequest request) =>
        WithParameters(new Url(portalBaseUrl).AppendPathSegments("cgi-bin", "componentloginpage"), request).ToString();

    /// <summary>The page opened inside WeChat on a phone.</summary>
    public static string ForMobile(string mobilePortalBaseUrl, AuthorizationRequest request)
    {
        var url = new Url(mobilePortalBaseUrl)
            .AppendPathSegments("wxaopen", "safe", "bindcomponent")
            .SetQueryParam("action", "bindcomponent")
            .SetQueryParam("no_scan", 1);
        return WithParameters(url, request).SetFragment("wechat_redirect").ToString();
    }

    private static Url WithParameters(Url url, AuthorizationRequest request)
    {
        url.SetQueryParam("component_appid", request.ComponentAppId)
            .SetQueryParam("pre_auth_code", request.PreAuthCode)
            .SetQueryParam("redirect_uri", request.RedirectUri)
            .SetQueryParam("auth_type", (int)request.AccountKind);
        if (!string.IsNullOrEmpty(request.BizAppId))
        {
            url.SetQueryParam("biz_appid", request.BizAppId);
        }

        if (request.CategoryIds is { Count: > 0 } ids)
        {
            url.SetQueryParam("category_id_list", string.Join('|', ids));
        }

        return url;
    }
}
