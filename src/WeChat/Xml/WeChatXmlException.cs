namespace WeChat.Xml;

/// <summary>An XML document that is malformed, oversized, declares a DTD or lacks a required element.</summary>
public sealed class WeChatXmlException(string message, Exception? inner = null) : Exception(message, inner);
