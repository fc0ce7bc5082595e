using System.Xml.Linq;

namespace WeChat.Xml;

/// <summary>
/// A decrypted message or event pushed for an authorized account (消息与事件接收URL).
/// Common fields are typed; every element is kept in <see cref="Fields"/> so no kind of message loses data.
/// </summary>
public sealed record AccountMessage(
    string ToUserName,
    string FromUserName,
    DateTimeOffset CreatedAt,
    string MsgType,
    string? MsgId,
    string? Event,
    string? Content,
    IReadOnlyDictionary<string, string> Fields)
{
    public bool IsEvent => MsgType == "event";

    /// <summary>WeChat retries a message up to three times: messages dedupe by MsgId, events by sender and time.</summary>
    public string DeduplicationKey =>
        MsgId is { Length: > 0 } ? $"msg:{MsgId}" : $"event:{FromUserName}:{CreatedAt.ToUnixTimeSeconds()}";

    public static AccountMessage Parse(string xml) => Parse(SafeXml.Parse(xml));

    public static AccountMessage Parse(XElement root)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in root.Elements())
        {
            fields[element.Name.LocalName] = element.HasElements
                ? element.ToString(SaveOptions.DisableFormatting)
                : element.Value;
        }

        return new AccountMessage(
            root.Required("ToUserName"),
            root.Required("FromUserName"),
            root.RequiredUnixTime("CreateTime"),
            root.Required("MsgType"),
            root.Value("MsgId"),
            root.Value("Event"),
            root.Value("Content"),
            fields);
    }
}
