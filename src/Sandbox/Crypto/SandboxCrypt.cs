using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Crypto;

/// <summary>
/// WeChat's message framing (random 16 bytes, big-endian length, message, appid; AES-256-CBC with the IV taken from
/// the key and PKCS#7 padding to 32 bytes), written here apart from src/WeChat so that the sandbox and the product
/// cannot share a bug. Decryption is strict, as WeChat is with what a platform sends back.
/// </summary>
public sealed class SandboxCrypt
{
    private const int BlockForPadding = 32;
    private readonly byte[] _key;

    public SandboxCrypt(string token, string encodingAesKey, string appId)
    {
        if (!IsValidKey(encodingAesKey))
        {
            throw new ArgumentException("An EncodingAESKey is 43 characters from [A-Za-z0-9].", nameof(encodingAesKey));
        }

        Token = token;
        AppId = appId;
        _key = Convert.FromBase64String(encodingAesKey + "=");
    }

    public string Token { get; }

    public string AppId { get; }

    public static bool IsValidKey(string? encodingAesKey) =>
        encodingAesKey is { Length: 43 } && encodingAesKey.All(char.IsAsciiLetterOrDigit);

    public string Encrypt(string message) => Encrypt(message, RandomNumberGenerator.GetBytes(16));

    public string Encrypt(string message, ReadOnlySpan<byte> random)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var appId = Encoding.ASCII.GetBytes(AppId);
        var length = 16 + 4 + body.Length + appId.Length;
        var pad = BlockForPadding - (length % BlockForPadding);
        var plain = new byte[length + pad];
        random[..16].CopyTo(plain);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(16), (uint)body.Length);
        body.CopyTo(plain, 20);
        appId.CopyTo(plain, 20 + body.Length);
        plain.AsSpan(length).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>The message inside <paramref name="encrypt"/>; throws when the framing is off or the appid is not <see cref="AppId"/>.</summary>
    public string Decrypt(string encrypt)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypt);
        }
        catch (FormatException)
        {
            throw new SandboxCryptException("Encrypt is not base64.");
        }

        if (cipher.Length == 0 || cipher.Length % BlockForPadding != 0)
        {
            throw new SandboxCryptException($"Encrypt is {cipher.Length} bytes, not a multiple of 32.");
        }

        using var aes = Aes.Create();
        aes.Key = _key;
        var plain = aes.DecryptCbc(cipher, _key.AsSpan(0, 16), PaddingMode.None);
        var pad = plain[^1];
        if (pad is < 1 or > BlockForPadding || plain.AsSpan(plain.Length - pad).ContainsAnyExcept(pad))
        {
            throw new SandboxCryptException("The padding is not PKCS#7 to 32 bytes.");
        }

        var unpadded = plain.AsSpan(0, plain.Length - pad);
        if (unpadded.Length < 20)
        {
            throw new SandboxCryptException("The plaintext is too short to hold a message.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(unpadded[16..]);
        if (length > unpadded.Length - 20)
        {
            throw new SandboxCryptException("The message length runs past the plaintext.");
        }

        var appId = Encoding.ASCII.GetString(unpadded[(20 + (int)length)..]);
        if (!string.Equals(appId, AppId, StringComparison.Ordinal))
        {
            throw new SandboxCryptException($"The appid inside is '{appId}', not the component appid '{AppId}'.");
        }

        return Encoding.UTF8.GetString(unpadded.Slice(20, (int)length));
    }

    /// <summary>sha1 over the ordinally sorted parts, lower-case hex, as both of WeChat's signatures are.</summary>
    public static string Sign(params string[] parts)
    {
        var sorted = parts.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
    }

    public string UrlSignature(string timestamp, string nonce) => Sign(Token, timestamp, nonce);

    public string MessageSignature(string timestamp, string nonce, string encrypt) => Sign(Token, timestamp, nonce, encrypt);

    /// <summary>WeChat compares signatures exactly: an upper-case hex digest is a different signature.</summary>
    public bool IsMessageSignature(string? candidate, string timestamp, string nonce, string encrypt) =>
        candidate is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), Encoding.ASCII.GetBytes(MessageSignature(timestamp, nonce, encrypt)));
}
