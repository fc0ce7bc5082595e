using System.Xml.Linq;

namespace WeChat.Xml;

/// <summary>Builds the plaintext of passive replies; the caller encrypts them (third-party platforms must).</summary>
public static class PassiveReply
{
    public static string Text(string toUser, string fromUser, DateTimeOffset createdAt, string content) =>
        new XElement("xml",
            new XElement("ToUserName", new XCData(toUser)),
            new XElement("FromUserName", new XCData(fromUser)),
            new XElement("CreateTime", createdAt.ToUnixTimeSeconds()),
            new XElement("MsgType", new XCData("text")),
            new XElement("Content", new XCData(content)))
        .ToString(SaveOptions.DisableFormatting);

    /// <summary>A text reply to a received message: sender and recipient swap.</summary>
    public static string TextTo(AccountMessage message, DateTimeOffset createdAt, string content) =>
        Text(message.FromUserName, message.ToUserName, createdAt, content);
}
