using System.Xml;
using System.Xml.Linq;

namespace WeChat.Xml;

/// <summary>Parses untrusted XML: no DTD (so no XXE or entity expansion), no external resolution, bounded size.</summary>
public static class SafeXml
{
    public const int DefaultMaxCharacters = 256 * 1024;

    public static XElement Parse(string xml, int maxCharacters = DefaultMaxCharacters)
    {
        if (xml.Length > maxCharacters)
        {
            throw new WeChatXmlException($"The XML document exceeds {maxCharacters} characters.");
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };

        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XElement.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new WeChatXmlException($"The XML document is malformed: {ex.Message}", ex);
        }
    }

    public static string? Value(this XElement element, string name) => element.Element(name)?.Value;

    public static string Required(this XElement element, string name) =>
        element.Element(name)?.Value is { Length: > 0 } value
            ? value
            : throw new WeChatXmlException($"The XML document has no <{name}>.");

    public static long RequiredInt64(this XElement element, string name) =>
        long.TryParse(element.Required(name), out var value)
            ? value
            : throw new WeChatXmlException($"<{name}> is not an integer.");
}
