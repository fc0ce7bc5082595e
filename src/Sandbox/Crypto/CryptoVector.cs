namespace Sandbox.Crypto;

/// <summary>
/// One known answer: <see cref="Message"/> framed for <see cref="AppId"/> is <see cref="Encrypt"/> (re-encrypted
/// too when <see cref="Random"/> is known), with its msg_signature and, for pushes, its URL signature.
/// </summary>
public sealed record CryptoVector(
    string Name,
    string Token,
    string EncodingAesKey,
    string AppId,
    string Message,
    string? Random,
    string Encrypt,
    string? Timestamp,
    string? Nonce,
    string? MsgSignature,
    string? Signature);
