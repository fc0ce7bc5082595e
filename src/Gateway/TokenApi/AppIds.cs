using System.Text.RegularExpressions;

namespace Gateway.TokenApi;

/// <summary>The shape of the appids WeChat issues (and the sandbox imitates): <c>wx</c> and 16 lower-case hex digits.</summary>
internal static partial class AppIds
{
    public const string Rule = "An appid is wx followed by 16 lower-case hexadecimal digits, as WeChat issues them.";

    public static bool IsWeChatAppId(string appId) => Pattern().IsMatch(appId);

    [GeneratedRegex(@"\Awx[0-9a-f]{16}\z")]
    private static partial Regex Pattern();
}
