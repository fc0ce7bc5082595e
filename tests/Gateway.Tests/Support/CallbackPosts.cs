using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WeChat.Crypto;

namespace Gateway.Tests.Support;

/// <summary>Pushes sealed with the demo platform's keys, posted to the gateway by hand: as they were, or sealed anew.</summary>
public static class CallbackPosts
{
    public static string Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A push to the authorization-event URL, sealed as WeChat seals each attempt: its own timestamp and nonce.</summary>
    public static EncryptedPush SealEvent(this GatewayHost host, string plainXml) =>
        host.Crypt.EncryptPush(plainXml, Now, Nonce(), "AppId", GatewayHost.ComponentAppId);

    /// <summary>A push to an account's message URL, its envelope naming <paramref name="toUserName"/>.</summary>
    public static EncryptedPush SealMessage(this GatewayHost host, string plainXml, string toUserName) =>
        host.Crypt.EncryptPush(plainXml, Now, Nonce(), "ToUserName", toUserName);

    public static Task<HttpResponseMessage> PostEventAsync(this GatewayHost host, EncryptedPush push) =>
        host.Http.PostAsync($"/wechat/{GatewayHost.ComponentAppId}/events{Query(push)}", Body(push));

    public static Task<HttpResponseMessage> PostMessageAsync(this GatewayHost host, string authorizerAppId, EncryptedPush push) =>
        host.Http.PostAsync($"/wechat/{GatewayHost.ComponentAppId}/messages/{authorizerAppId}{Query(push)}", Body(push));

    public static string AuthorizedEvent(string authorizerAppId, string code, string infoType = "authorized") =>
        $"<xml><AppId><![CDATA[{GatewayHost.ComponentAppId}]]></AppId><CreateTime>{Now}</CreateTime><InfoType><![CDATA[{infoType}]]></InfoType>" +
        $"<AuthorizerAppid><![CDATA[{authorizerAppId}]]></AuthorizerAppid><AuthorizationCode><![CDATA[{code}]]></AuthorizationCode>" +
        $"<AuthorizationCodeExpiredTime><![CDATA[{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}]]></AuthorizationCodeExpiredTime><PreAuthCode><![CDATA[preauthcode@@@x]]></PreAuthCode></xml>";

    public static string UnauthorizedEvent(string authorizerAppId) =>
        $"<xml><AppId><![CDATA[{GatewayHost.ComponentAppId}]]></AppId><CreateTime>{Now}</CreateTime><InfoType><![CDATA[unauthorized]]></InfoType>" +
        $"<AuthorizerAppid><![CDATA[{authorizerAppId}]]></AuthorizerAppid></xml>";

    private static string Nonce() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    private static string Query(EncryptedPush push) =>
        $"?signature={push.Signature}&timestamp={push.Timestamp}&nonce={push.Nonce}&encrypt_type=aes&msg_signature={push.MsgSignature}";

    private static StringContent Body(EncryptedPush push) => new(push.Body, Encoding.UTF8, "text/xml");
}
