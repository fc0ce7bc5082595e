using System.Xml.Linq;

namespace Sandbox.Crypto;

/// <summary>A push as WeChat sends it: the XML envelope and the query's two signatures.</summary>
public sealed record PushEnvelope(string Body, string Timestamp, string Nonce, string Signature, string MsgSignature)
{
    /// <summary>Encrypts <paramref name="plainXml"/> into <c>&lt;xml&gt;&lt;{idName}/&gt;&lt;Encrypt/&gt;&lt;/xml&gt;</c> and signs it.</summary>
    public static PushEnvelope Seal(SandboxCrypt crypt, string plainXml, string timestamp, string nonce, string idName, string idValue)
    {
        var encrypt = crypt.Encrypt(plainXml);
        var body = new XElement("xml", new XElement(idName, new XCData(idValue)), new XElement("Encrypt", new XCData(encrypt)))
            .ToString(SaveOptions.DisableFormatting);
        return new PushEnvelope(body, timestamp, nonce, crypt.UrlSignature(timestamp, nonce), crypt.MessageSignature(timestamp, nonce, encrypt));
    }

    /// <summary>
    /// Opens an encrypted passive reply the way WeChat judges one: all four elements present, MsgSignature exactly
    /// right (case included), the framing strict and the component appid inside.
    /// </summary>
    public static string OpenReply(SandboxCrypt crypt, string replyXml)
    {
        var root = SandboxXml.TryParse(replyXml) ?? throw new SandboxCryptException("the reply is not XML");
        var encrypt = root.Value("Encrypt");
        var signature = root.Value("MsgSignature");
        var timestamp = root.Value("TimeStamp");
        var nonce = root.Value("Nonce");
        if (encrypt is null || signature is null || timestamp is null || nonce is null)
        {
            throw new SandboxCryptException("the reply needs Encrypt, MsgSignature, TimeStamp and Nonce");
        }

        if (!crypt.IsMessageSignature(signature, timestamp, nonce, encrypt))
        {
            throw new SandboxCryptException("MsgSignature does not match sha1(sort(Token, TimeStamp, Nonce, Encrypt)) in lower-case hex");
        }

        return crypt.Decrypt(encrypt);
    }
}
