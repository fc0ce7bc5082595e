using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WeChat.Crypto;

/// <summary>
/// WXBizMsgCrypt's payload cipher: AES-256-CBC over
/// random(16) || uint32be(len) || message || appid, padded PKCS#7-style to 32-byte blocks.
/// </summary>
public sealed class MessageCipher(EncodingAesKey key, string appId)
{
    private const int BlockSize = 32;
    private const int RandomLength = 16;
    private const int HeaderLength = RandomLength + 4;

    public string AppId { get; } = appId;

    public string Encrypt(string message) => Encrypt(message, RandomNumberGenerator.GetBytes(RandomLength));

    public string Encrypt(string message, ReadOnlySpan<byte> random)
    {
        if (random.Length != RandomLength)
        {
            throw new ArgumentException($"The random prefix must be {RandomLength} bytes.", nameof(random));
        }

        var messageLength = Encoding.UTF8.GetByteCount(message);
        var appIdLength = Encoding.ASCII.GetByteCount(AppId);
        var contentLength = HeaderLength + messageLength + appIdLength;
        var padding = BlockSize - (contentLength % BlockSize);
        var plain = new byte[contentLength + padding];

        random.CopyTo(plain);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(RandomLength), (uint)messageLength);
        Encoding.UTF8.GetBytes(message, plain.AsSpan(HeaderLength));
        Encoding.ASCII.GetBytes(AppId, plain.AsSpan(HeaderLength + messageLength));
        plain.AsSpan(contentLength).Fill((byte)padding);

        using var aes = Aes.Create();
        aes.Key = key.Key.ToArray();
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.Iv, PaddingMode.None));
    }

    /// <summary>Decrypts and checks that the trailing appid is this cipher's.</summary>
    public string Decrypt(string encrypted)
    {
        var (message, trailingAppId) = DecryptWithAppId(encrypted);
        if (!string.Equals(trailingAppId, AppId, StringComparison.Ordinal))
        {
            throw new WeChatCryptoException(WeChatCryptoError.AppIdMismatch,
                "The decrypted message belongs to another appid.");
        }

        return message;
    }

    public (string Message, string AppId) DecryptWithAppId(string encrypted)
    {
        var cipherText = DecodeBase64(encrypted);
        if (cipherText.Length == 0 || cipherText.Length % BlockSize != 0)
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidCiphertextLength,
                $"The ciphertext length is not a positive multiple of {BlockSize} bytes.");
        }

        using var aes = Aes.Create();
        aes.Key = key.Key.ToArray();
        var plain = aes.DecryptCbc(cipherText, key.Iv, PaddingMode.None);

        var padding = plain[^1];
        if (padding is < 1 or > BlockSize || plain.AsSpan(plain.Length - padding).ContainsAnyExcept(padding))
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidPadding, "The message padding is invalid.");
        }

        var content = plain.AsSpan(0, plain.Length - padding);
        if (content.Length < HeaderLength)
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidMessageLength, "The message is too short.");
        }

        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(content[RandomLength..]);
        if (messageLength > (uint)(content.Length - HeaderLength))
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidMessageLength,
                "The declared message length runs past the end of the message.");
        }

        var body = content.Slice(HeaderLength, (int)messageLength);
        var trailer = content[(HeaderLength + (int)messageLength)..];
        try
        {
            return (Strict.GetString(body), Strict.GetString(trailer));
        }
        catch (DecoderFallbackException)
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidMessageLength, "The message is not valid UTF-8.");
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static byte[] DecodeBase64(string encrypted)
    {
        try
        {
            return Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidBase64, "The ciphertext is not valid base64.");
        }
    }
}
