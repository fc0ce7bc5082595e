using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WeChat.Api;

/// <summary>The signature of the JS-SDK's <c>wx.config</c> (docs/wechat-protocol.md §3.13, vector in §1.8).</summary>
public static class JsSdkSignature
{
    /// <summary>
    /// SHA-1 hex of <c>jsapi_ticket=…&amp;noncestr=…&amp;timestamp=…&amp;url=…</c> (the four names in sorted order, raw
    /// values), where the url is the page's own, without its <c>#</c> fragment.
    /// </summary>
    public static string Sign(string jsApiTicket, string nonceStr, long timestamp, string url)
    {
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        var page = fragment < 0 ? url : url[..fragment];
        var text = string.Create(CultureInfo.InvariantCulture, $"jsapi_ticket={jsApiTicket}&noncestr={nonceStr}&timestamp={timestamp}&url={page}");
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
