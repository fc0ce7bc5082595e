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

    /// <summary>An image or voice reply (<paramref name="msgType"/> <c>image</c> or <c>voice</c>) with an uploaded media_id.</summary>
    public static string MediaTo(AccountMessage message, DateTimeOffset createdAt, string msgType, string mediaId) =>
        Reply(message, createdAt, msgType, new XElement(msgType == "image" ? "Image" : "Voice", new XElement("MediaId", new XCData(mediaId))));

    public static string VideoTo(AccountMessage message, DateTimeOffset createdAt, string mediaId, string? title, string? description) =>
        Reply(message, createdAt, "video", new XElement(
            "Video",
            new XElement("MediaId", new XCData(mediaId)),
            title is null ? null : new XElement("Title", new XCData(title)),
            description is null ? null : new XElement("Description", new XCData(description))));

    private static string Reply(AccountMessage message, DateTimeOffset createdAt, string msgType, XElement body) =>
        new XElement("xml",
            new XElement("ToUserName", new XCData(message.FromUserName)),
            new XElement("FromUserName", new XCData(message.ToUserName)),
            new XElement("CreateTime", createdAt.ToUnixTimeSeconds()),
            new XElement("MsgType", new XCData(msgType)),
            body)
        .ToString(SaveOptions.DisableFormatting);
}
