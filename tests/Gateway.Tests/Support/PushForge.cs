using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WeChat.Crypto;

namespace Gateway.Tests.Support;

/// <summary>
/// Builds pushes to the demo platform as WeChat does (WXBizMsgCrypt: AES-256-CBC, SHA-1 signatures), and the
/// parts a forger varies: the appid sealed inside, the raw plaintext layout, the envelope and the query.
/// </summary>
public sealed class PushForge(string token, string encodingAesKey, string componentAppId)
{
    private readonly EncodingAesKey _key = EncodingAesKey.Parse(encodingAesKey);

    public string ComponentAppId => componentAppId;

    public static string Now => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The Encrypt value of <paramref name="plainXml"/>, with <paramref name="appId"/> sealed after it.</summary>
    public string Encrypt(string plainXml, string? appId = null) => new MessageCipher(_key, appId ?? componentAppId).Encrypt(plainXml);

    /// <summary>AES-256-CBC with the platform's key over bytes laid out by the caller (no padding added).</summary>
    public string EncryptRaw(byte[] plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = _key.Key.ToArray();
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, _key.Iv, PaddingMode.None));
    }

    /// <summary>random(16) | uint32be(declared length) | message | appid | padding bytes, as given.</summary>
    public static byte[] Layout(byte[] message, uint declaredLength, string appId, byte[] padding)
    {
        var appIdBytes = Encoding.ASCII.GetBytes(appId);
        var plain = new byte[20 + message.Length + appIdBytes.Length + padding.Length];
        RandomNumberGenerator.Fill(plain.AsSpan(0, 16));
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16), declaredLength);
        message.CopyTo(plain.AsSpan(20));
        appIdBytes.CopyTo(plain.AsSpan(20 + message.Length));
        padding.CopyTo(plain.AsSpan(20 + message.Length + appIdBytes.Length));
        return plain;
    }

    /// <summary>The PKCS#7-style padding WeChat uses: to a multiple of 32 bytes, each byte the padding's length.</summary>
    public static byte[] Padding(int contentLength)
    {
        var length = 32 - (contentLength % 32);
        return Enumerable.Repeat((byte)length, length).ToArray();
    }

    public string Signature(string timestamp, string nonce, string encrypt) => MessageSignature.ForMessage(token, timestamp, nonce, encrypt);

    /// <summary>A push WeChat would send: the envelope around <paramref name="encrypt"/> and a query signing it.</summary>
    public ForgedPush Seal(string encrypt, string timestamp, string nonce, string toUserName) =>
        new(Envelope(toUserName, encrypt), encrypt, timestamp, nonce, Signature(timestamp, nonce, encrypt), MessageSignature.ForUrl(token, timestamp, nonce));

    public static string Envelope(string toUserName, params string[] encrypts) =>
        $"<xml><ToUserName><![CDATA[{toUserName}]]></ToUserName>{string.Concat(encrypts.Select(e => $"<Encrypt><![CDATA[{e}]]></Encrypt>"))}</xml>";
}
