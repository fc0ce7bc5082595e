using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Sandbox.Crypto;

/// <summary>Seals pushes and opens passive replies for one platform with the sandbox's own cipher.</summary>
public sealed class SandboxEnvelope(string token, string encodingAesKey, string componentAppId)
{
    private readonly SandboxCipher _cipher = new(encodingAesKey);

    public SealedPush Seal(string plainXml, string timestamp, string nonce, string idName, string idValue)
    {
        var encrypt = _cipher.Encrypt(plainXml, componentAppId);
        var body = new XElement("xml", new XElement(idName, new XCData(idValue)), new XElement("Encrypt", new XCData(encrypt)))
            .ToString(SaveOptions.DisableFormatting);
        return new SealedPush(body, timestamp, nonce, SandboxCipher.Sign(token, timestamp, nonce), SandboxCipher.Sign(token, timestamp, nonce, encrypt));
    }

    /// <summary>
    /// Verifies and decrypts an encrypted passive reply: MsgSignature must be exactly the lower-case hex WeChat
    /// computes (no case folding), and the trailer must be this platform's appid.
    /// </summary>
    public string Open(string replyXml)
    {
        XElement root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(replyXml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XElement.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new InvalidDataException("The reply is not XML.", ex);
        }

        var fields = new[] { "Encrypt", "MsgSignature", "TimeStamp", "Nonce" }.Select(name => root.Elements(name).ToList()).ToList();
        if (fields.Exists(f => f.Count != 1))
        {
            throw new InvalidDataException("The reply needs exactly one each of <Encrypt>, <MsgSignature>, <TimeStamp> and <Nonce>.");
        }

        var (encrypt, signature, timestamp, nonce) = (fields[0][0].Value, fields[1][0].Value, fields[2][0].Value, fields[3][0].Value);
        var expected = SandboxCipher.Sign(token, timestamp, nonce, encrypt);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw new InvalidDataException("MsgSignature does not verify (it must be lower-case hex).");
        }

        var (message, appId) = _cipher.Decrypt(encrypt);
        return appId == componentAppId
            ? message
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The reply is encrypted for appid '{appId}', not '{componentAppId}'."));
    }
}
