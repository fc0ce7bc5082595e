using System.Globalization;
using BenchmarkDotNet.Attributes;
using Sandbox;
using WeChat.Crypto;
using WeChat.Xml;

namespace Crypto.Bench;

/// <summary>The raw cost of taking one push: verify the signature, decrypt, and parse the XML.</summary>
[MemoryDiagnoser]
public class PushCryptoBenchmarks
{
    private readonly MessageCrypt _crypt = new(DemoPlatform.Token, DemoPlatform.EncodingAesKey, DemoPlatform.AppId);
    private EncryptedPush _push = null!;

    [GlobalSetup]
    public void Setup() => _push = Pushes.Message(_crypt, 1, DateTimeOffset.UtcNow);

    [Benchmark]
    public string VerifyAndDecrypt() => _crypt.DecryptPush(_push.Body, _push.Timestamp, _push.Nonce, _push.MsgSignature);

    [Benchmark]
    public AccountMessage VerifyDecryptAndParse() => AccountMessage.Parse(_crypt.DecryptPush(_push.Body, _push.Timestamp, _push.Nonce, _push.MsgSignature));
}

/// <summary>Account message pushes exactly as WeChat sends them, each with its own MsgId and nonce.</summary>
public static class Pushes
{
    public const string Account = "wx5a4db0acc0000001";
    public const string AccountUserName = "gh_5a4db0acc001";

    /// <summary>B4's second platform, the one configured with a webhook; the demo platform has none.</summary>
    public const string WebhookPlatformAppId = "wxbe4c0de0000002";
    public const string WebhookPlatformToken = "benchwebhookplatformtoken";
    public const string WebhookPlatformEncodingAesKey = "BenchWebhookPlatformEncodingAESKey000000000";

    public static MessageCrypt Crypt(string componentAppId) => componentAppId == WebhookPlatformAppId
        ? new MessageCrypt(WebhookPlatformToken, WebhookPlatformEncodingAesKey, WebhookPlatformAppId)
        : new MessageCrypt(DemoPlatform.Token, DemoPlatform.EncodingAesKey, DemoPlatform.AppId);

    /// <summary>The n-th of the accounts B4 spreads its pushes over (one outbox grain each); they need not be authorized, but their appids must be well formed (wx and 16 hex digits) or the gateway refuses the push.</summary>
    public static string AccountOf(int n) => n == 0 ? Account : $"wxbe4acc{n:D10}";

    public static EncryptedPush Message(MessageCrypt crypt, long n, DateTimeOffset now)
    {
        var xml = $"<xml><ToUserName><![CDATA[{AccountUserName}]]></ToUserName><FromUserName><![CDATA[oBenchUser{n % 1000:D6}]]></FromUserName><CreateTime>{now.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[bench message {n}]]></Content><MsgId>{9_000_000_000 + n}</MsgId></xml>";
        return crypt.EncryptPush(xml, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), (100_000_000 + n).ToString(CultureInfo.InvariantCulture), "ToUserName", AccountUserName);
    }
}
