namespace Sandbox.Crypto;

/// <summary>A push sealed the way WeChat sends it: the envelope body and its query signatures.</summary>
public sealed record SealedPush(string Body, string Timestamp, string Nonce, string Signature, string MsgSignature);
