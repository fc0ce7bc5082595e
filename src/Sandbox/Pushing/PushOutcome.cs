namespace Sandbox.Pushing;

/// <summary>How a push ended: delivered (with the platform's decrypted passive reply, if any) or not.</summary>
public sealed record PushOutcome(bool Delivered, int Attempts, string? ReplyXml, string? Problem)
{
    public static PushOutcome NoTarget { get; } = new(false, 0, null, "no URL is configured for this push");
}
