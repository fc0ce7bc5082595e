using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Crypto;

/// <summary>
/// The sandbox's own WXBizMsgCrypt framing (random 16 bytes, big-endian length, message, appid; PKCS#7 to 32;
/// AES-256-CBC with the key's first 16 bytes as IV), written apart from src/WeChat so that a bug in the product's
/// crypto cannot be mirrored here and pass unnoticed end to end.
/// </summary>
public sealed class SandboxCipher(string encodingAesKey)
{
    private const int Block = 32;

    private readonly byte[] _key = Convert.FromBase64String(encodingAesKey + "=");

    public string Encrypt(string message, string appId) => Encrypt(RandomNumberGenerator.GetBytes(16), message, appId);

    public string Encrypt(ReadOnlySpan<byte> random, string message, string appId)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var trailer = Encoding.ASCII.GetBytes(appId);
        var length = 16 + 4 + body.Length + trailer.Length;
        var pad = Block - (length % Block);
        var plain = new byte[length + pad];
        random[..16].CopyTo(plain);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16), (uint)body.Length);
        body.CopyTo(plain, 20);
        trailer.CopyTo(plain, 20 + body.Length);
        plain.AsSpan(length).Fill((byte)pad);
        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>Decrypts strictly, as WeChat must treat a platform's reply: any bad padding or length is refused.</summary>
    public (string Message, string AppId) Decrypt(string encrypted)
    {
        byte[] plain;
        try
        {
            using var aes = Aes.Create();
            aes.Key = _key;
            plain = aes.DecryptCbc(Convert.FromBase64String(encrypted), _key.AsSpan(0, 16), PaddingMode.None);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw new InvalidDataException("Encrypt is not AES-256-CBC ciphertext in base64.", ex);
        }

        var pad = plain.Length == 0 ? 0 : plain[^1];
        if (pad is < 1 or > Block || plain.Length < 20 + pad || plain.AsSpan(plain.Length - pad).IndexOfAnyExcept((byte)pad) >= 0)
        {
            throw new InvalidDataException("The padding is not PKCS#7 with a 32-byte block.");
        }

        var framed = plain.AsSpan(0, plain.Length - pad);
        var length = BinaryPrimitives.ReadUInt32BigEndian(framed[16..20]);
        if (length > framed.Length - 20)
        {
            throw new InvalidDataException("The message length runs past the plaintext.");
        }

        var end = 20 + (int)length;
        return (Encoding.UTF8.GetString(framed[20..end]), Encoding.ASCII.GetString(framed[end..]));
    }

    /// <summary>sha1 over the parts sorted byte-wise and joined, in lower-case hex.</summary>
    public static string Sign(params string[] parts)
    {
        var sorted = parts.OrderBy(p => p, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
    }
}
