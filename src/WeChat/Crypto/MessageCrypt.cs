using System.Xml.Linq;
using WeChat.Xml;

namespace WeChat.Crypto;

/// <summary>
/// WXBizMsgCrypt for one third-party platform: authenticates and decrypts pushes, encrypts and signs replies.
/// The appid inside every payload is the component appid, for system pushes and account messages alike.
/// </summary>
public sealed class MessageCrypt(string token, EncodingAesKey key, string componentAppId)
{
    private readonly MessageCipher _cipher = new(key, componentAppId);

    public string ComponentAppId => componentAppId;

    public MessageCrypt(string token, string encodingAesKey, string componentAppId)
        : this(token, EncodingAesKey.Parse(encodingAesKey), componentAppId)
    {
    }

    /// <summary>Verifies <c>msg_signature</c> over the envelope's Encrypt and returns the decrypted XML.</summary>
    public string DecryptPush(string envelopeXml, string timestamp, string nonce, string? msgSignature)
    {
        var encrypt = ReadEnvelope(envelopeXml, "Encrypt")[0]
            ?? throw new WeChatCryptoException(WeChatCryptoError.MalformedEnvelope, "The envelope has no <Encrypt>.");
        VerifyMessageSignature(timestamp, nonce, encrypt, msgSignature);
        return _cipher.Decrypt(encrypt);
    }

    /// <summary>Verifies the plain <c>signature</c> (URL verification).</summary>
    public bool IsUrlSignatureValid(string timestamp, string nonce, string? signature) =>
        MessageSignature.Matches(MessageSignature.ForUrl(token, timestamp, nonce), signature);

    /// <summary>Wraps a passive reply as WeChat expects from a third-party platform: encrypted and signed.</summary>
    public string EncryptReply(string replyXml, string timestamp, string nonce) =>
        SealReply(_cipher.Encrypt(replyXml), timestamp, nonce);

    public string EncryptReply(string replyXml, string timestamp, string nonce, ReadOnlySpan<byte> random) =>
        SealReply(_cipher.Encrypt(replyXml, random), timestamp, nonce);

    /// <summary>Builds a push as WeChat sends it: the envelope and its two signatures.</summary>
    public EncryptedPush EncryptPush(string plainXml, string timestamp, string nonce, string envelopeIdName, string envelopeIdValue)
    {
        var encrypt = _cipher.Encrypt(plainXml);
        var body = new XElement("xml",
                new XElement(envelopeIdName, new XCData(envelopeIdValue)),
                new XElement("Encrypt", new XCData(encrypt)))
            .ToString(SaveOptions.DisableFormatting);
        return new EncryptedPush(
            body,
            timestamp,
            nonce,
            MessageSignature.ForUrl(token, timestamp, nonce),
            MessageSignature.ForMessage(token, timestamp, nonce, encrypt));
    }

    /// <summary>Verifies and decrypts an encrypted passive reply (what WeChat does with the platform's answers).</summary>
    public string DecryptReply(string replyXml)
    {
        if (ReadEnvelope(replyXml, "Encrypt", "MsgSignature", "TimeStamp", "Nonce") is not [{ } encrypt, var signature, { } timestamp, { } nonce])
        {
            throw new WeChatCryptoException(WeChatCryptoError.MalformedEnvelope,
                "The reply needs <Encrypt>, <MsgSignature>, <TimeStamp> and <Nonce>.");
        }

        VerifyMessageSignature(timestamp, nonce, encrypt, signature);
        return _cipher.Decrypt(encrypt);
    }

    private string SealReply(string encrypt, string timestamp, string nonce) =>
        new XElement("xml",
                new XElement("Encrypt", new XCData(encrypt)),
                new XElement("MsgSignature", new XCData(MessageSignature.ForMessage(token, timestamp, nonce, encrypt))),
                new XElement("TimeStamp", timestamp),
                new XElement("Nonce", new XCData(nonce)))
            .ToString(SaveOptions.DisableFormatting);

    private void VerifyMessageSignature(string timestamp, string nonce, string encrypt, string? signature)
    {
        if (!MessageSignature.Matches(MessageSignature.ForMessage(token, timestamp, nonce, encrypt), signature))
        {
            throw new WeChatCryptoException(WeChatCryptoError.SignatureMismatch, "msg_signature does not verify.");
        }
    }

    /// <summary>The named values of an envelope (null when absent); a malformed envelope, or one repeating a named element, is refused.</summary>
    private static string?[] ReadEnvelope(string xml, params string[] names)
    {
        try
        {
            var root = SafeXml.Parse(xml);
            return [.. names.Select(name => root.Value(name))];
        }
        catch (WeChatXmlException ex)
        {
            throw new WeChatCryptoException(WeChatCryptoError.MalformedEnvelope, ex.Message);
        }
    }
}

/// <summary>An encrypted push: the body and the query values WeChat sends with it.</summary>
public sealed record EncryptedPush(string Body, string Timestamp, string Nonce, string Signature, string MsgSignature);
