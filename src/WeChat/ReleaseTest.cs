using WeChat.Xml;

namespace WeChat;

/// <summary>
/// The full-network-release (全网发布) test: WeChat's own test accounts (five groups of an official account and a
/// mini program) push these messages, and the platform must answer them as the protocol prescribes. Sent to any other
/// account, the same texts are what some user wrote, and nothing of the test applies.
/// </summary>
public static class ReleaseTest
{
    public const string TestText = "TESTCOMPONENT_MSG_TYPE_TEXT";

    public const string QueryAuthCodePrefix = "QUERY_AUTH_CODE:";

    public static IReadOnlyList<(string AppId, string UserName, bool MiniProgram)> Accounts { get; } =
    [
        ("wx570bc396a51b8ff8", "gh_3c884a361561", false), ("wxd101a85aa106f53e", "gh_8dad206e9538", true),
        ("wx9252c5e0bb1836fc", "gh_c0f28a78b318", false), ("wxc39235c15087f6f3", "gh_905ae9d01059", true),
        ("wx8e1097c5bc82cde9", "gh_3f222ed8d140", false), ("wx7720d01d4b2a4500", "gh_393666f1fdf4", true),
        ("wx14550af28c71a144", "gh_26128078e9ab", false), ("wx05d483572dcd5d8b", "gh_39abb5d4e1b7", true),
        ("wxa35b9c23cfe664eb", "gh_2b3713f184a6", false), ("wx5910277cae6fd970", "gh_7818dcb60240", true),
    ];

    public static bool IsTestAccount(string appId) => UserNameOf(appId) is not null;

    /// <summary>The original id (<c>gh_…</c>) of a release-test account; null for any other appid.</summary>
    public static string? UserNameOf(string appId)
    {
        foreach (var account in Accounts)
        {
            if (account.AppId == appId)
            {
                return account.UserName;
            }
        }

        return null;
    }

    /// <summary>The authorization code of a test account's <c>QUERY_AUTH_CODE:</c> text; null for any other message.</summary>
    public static string? QueryAuthCodeIn(AccountMessage message) =>
        message is { MsgType: "text", Content: { } content } && content.StartsWith(QueryAuthCodePrefix, StringComparison.Ordinal) &&
        content.Length > QueryAuthCodePrefix.Length
            ? content[QueryAuthCodePrefix.Length..]
            : null;

    /// <summary>
    /// The text of the passive reply the test expects to a test account's message: <c>TESTCOMPONENT_MSG_TYPE_TEXT_callback</c>
    /// to the test text, <c>{Event}from_callback</c> to an event; null when the message expects none.
    /// </summary>
    public static string? ReplyTextTo(AccountMessage message) => message switch
    {
        { MsgType: "text", Content: TestText } => TestText + "_callback",
        { IsEvent: true, Event: { Length: > 0 } name } => name + "from_callback",
        _ => null,
    };
}
