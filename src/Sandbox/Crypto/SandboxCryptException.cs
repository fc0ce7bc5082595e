namespace Sandbox.Crypto;

/// <summary>What WeChat would refuse in a platform's encrypted reply: bad framing, padding, appid or signature.</summary>
public sealed class SandboxCryptException(string message) : Exception(message);
