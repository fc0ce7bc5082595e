namespace WeChat.Crypto;

public enum WeChatCryptoError
{
    InvalidEncodingAesKey,
    InvalidBase64,
    InvalidCiphertextLength,
    InvalidPadding,
    InvalidMessageLength,
    AppIdMismatch,
    SignatureMismatch,
    MalformedEnvelope,
}

/// <summary>A push or reply that cannot be authenticated or decrypted. The message never contains key material.</summary>
public sealed class WeChatCryptoException(WeChatCryptoError error, string message) : Exception(message)
{
    public WeChatCryptoError Error { get; } = error;
}
