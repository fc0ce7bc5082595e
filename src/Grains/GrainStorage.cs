namespace Grains;

public static class StorageNames
{
    /// <summary>The grain storage provider that holds tickets, tokens and refresh tokens.</summary>
    public const string Tokens = "tokens";
}
