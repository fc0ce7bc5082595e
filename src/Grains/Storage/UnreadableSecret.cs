namespace Grains.Storage;

/// <summary>
/// A secret that stays under a key no longer configured, or that fails to decrypt, named by its property.
/// <paramref name="Mismatched"/>: its key is configured but it fails authentication where it is stored: it was
/// altered, or copied here from another field or another grain's row.
/// </summary>
public sealed record UnreadableSecret(string Property, string? KeyId, string Reason, bool Mismatched);
