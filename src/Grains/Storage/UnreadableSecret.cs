namespace Grains.Storage;

/// <summary>A secret that stays under a key no longer configured (or that fails to decrypt), named by its property.</summary>
public sealed record UnreadableSecret(string Property, string? KeyId, string Reason);
