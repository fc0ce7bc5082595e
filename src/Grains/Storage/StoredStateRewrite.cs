namespace Grains.Storage;

/// <summary>The new payload (null: leave the row as it is) and the secrets that could not be read.</summary>
public sealed record StoredStateRewrite(byte[]? Payload, IReadOnlyList<UnreadableSecret> Unreadable)
{
    public static StoredStateRewrite Current { get; } = new(null, []);
}
