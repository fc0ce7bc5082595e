namespace Gateway.Releases;

/// <summary>The <c>Idempotency-Key</c> a platform may start a campaign with: a retry with the same key starts nothing new.</summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>The problem code of a key that started a campaign asking for something else.</summary>
    public const string Reused = "idempotency_key_reused";

    public const int MaxLength = 255;

    public const string Rule = "Idempotency-Key is 1 to 255 printable ASCII characters (no spaces), e.g. a UUID.";

    public static bool IsWellFormed(string key) => key.Length is >= 1 and <= MaxLength && key.All(c => c is > ' ' and <= '~');
}
