using System.Text.RegularExpressions;

namespace WeChat;

/// <summary>
/// The shape of a WeChat appid (of a platform, official account or mini program): <c>wx</c> and 16 lower-case hex
/// digits, as WeChat issues them and the sandbox imitates. Whatever has another shape names no account, so it is
/// refused before anything is looked up or sent.
/// </summary>
public static partial class AppIds
{
    public const string Rule = "An appid is wx followed by 16 lower-case hexadecimal digits, as WeChat issues them.";

    public static bool IsWellFormed(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex(@"\Awx[0-9a-f]{16}\z")]
    private static partial Regex Pattern();
}
