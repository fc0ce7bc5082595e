namespace WeChat.Crypto;

/// <summary>The 43-character 消息加解密Key and the AES-256 key it encodes.</summary>
public sealed class EncodingAesKey
{
    public const int Length = 43;

    private readonly byte[] _key;

    private EncodingAesKey(byte[] key) => _key = key;

    public ReadOnlySpan<byte> Key => _key;

    /// <summary>WeChat uses the first 16 bytes of the key as the CBC initialisation vector.</summary>
    public ReadOnlySpan<byte> Iv => _key.AsSpan(0, 16);

    public static bool IsValid(string? value) =>
        value is { Length: Length } && value.All(char.IsAsciiLetterOrDigit);

    public static EncodingAesKey Parse(string? value)
    {
        if (!IsValid(value))
        {
            throw new WeChatCryptoException(WeChatCryptoError.InvalidEncodingAesKey,
                $"An EncodingAESKey must be exactly {Length} characters from [A-Za-z0-9].");
        }

        // The 43rd character carries two bits that are discarded; Convert accepts them non-zero, as WeChat does.
        return new EncodingAesKey(Convert.FromBase64String(value + "="));
    }
}
