using System.Buffers;

namespace WeChat;

/// <summary>
/// The shape of a WeChat appid (of a platform, official account or mini program): <c>wx</c> and 16 letters or digits
/// (lowercase hex in every appid seen). Whatever has another shape names no account.
/// </summary>
public static class AppIds
{
    private const int Length = 18;

    private static readonly SearchValues<char> LettersAndDigits =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.StartsWith("wx", StringComparison.Ordinal) && !value.AsSpan(2).ContainsAnyExcept(LettersAndDigits);
}
