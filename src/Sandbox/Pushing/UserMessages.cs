using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace Sandbox.Pushing;

/// <summary>The decrypted XML of what a user sends an account (§6.2), as WeChat pushes it.</summary>
public static class UserMessages
{
    public static string Text(string accountUserName, string openId, DateTimeOffset at, string content) =>
        Message(accountUserName, openId, at, "text",
            new XElement("Content", new XCData(content)),
            new XElement("MsgId", RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture)));

    /// <summary>A LOCATION event, the one the full-network-release test sends.</summary>
    public static string Location(string accountUserName, string openId, DateTimeOffset at) =>
        Message(accountUserName, openId, at, "event",
            new XElement("Event", new XCData("LOCATION")),
            new XElement("Latitude", "23.137466"),
            new XElement("Longitude", "113.352425"),
            new XElement("Precision", "119.385040"));

    /// <summary>Adds a MsgId to a user's text message that lacks one, as every real one carries it.</summary>
    public static string WithMsgId(string xml)
    {
        var root = Crypto.SandboxXml.TryParse(xml) ?? throw new BadHttpRequestException("xml is not well-formed");
        if (root.Element("MsgType")?.Value == "text" && root.Element("MsgId") is null)
        {
            root.Add(new XElement("MsgId", RandomNumberGenerator.GetInt32(int.MaxValue).ToString(CultureInfo.InvariantCulture)));
        }

        return root.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>A random openid in WeChat's shape: 'o' and 27 characters.</summary>
    public static string NewOpenId() =>
        "o" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 27);

    private static string Message(string accountUserName, string openId, DateTimeOffset at, string msgType, params XElement[] fields) =>
        new XElement("xml",
            new XElement("ToUserName", new XCData(accountUserName)),
            new XElement("FromUserName", new XCData(openId)),
            new XElement("CreateTime", at.ToUnixTimeSeconds()),
            new XElement("MsgType", new XCData(msgType)),
            fields)
        .ToString(SaveOptions.DisableFormatting);
}
