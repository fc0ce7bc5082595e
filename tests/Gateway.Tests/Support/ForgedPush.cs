namespace Gateway.Tests.Support;

/// <summary>A push's envelope (and the Encrypt value in it) and the query values sent with it.</summary>
public sealed record ForgedPush(string Body, string Encrypt, string Timestamp, string Nonce, string MsgSignature, string Signature)
{
    public string Query =>
        $"?signature={Uri.EscapeDataString(Signature)}&timestamp={Uri.EscapeDataString(Timestamp)}&nonce={Uri.EscapeDataString(Nonce)}" +
        $"&openid=oFuzz&encrypt_type=aes&msg_signature={Uri.EscapeDataString(MsgSignature)}";
}
