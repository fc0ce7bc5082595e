using System.Xml;
using System.Xml.Linq;

namespace WeChat.Xml;

/// <summary>Parses untrusted XML: no DTD (so no XXE or entity expansion), no external resolution, bounded size.</summary>
public static class SafeXml
{
    public const int DefaultMaxCharacters = 256 * 1024;

    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

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

    /// <summary>The one child element's text, null when absent; refused when the element is repeated, since which copy a
    /// reader takes must never decide what a push means.</summary>
    public static string? Value(this XElement element, string name)
    {
        XElement? found = null;
        foreach (var child in element.Elements(name))
        {
            found = found is null ? child : throw new WeChatXmlException($"<{name}> appears more than once.");
        }

        return found?.Value;
    }

    public static string Required(this XElement element, string name) =>
        element.Value(name) is { Length: > 0 } value
            ? value
            : throw new WeChatXmlException($"The XML document has no <{name}>.");

    public static long RequiredInt64(this XElement element, string name) =>
        long.TryParse(element.Required(name), out var value)
            ? value
            : throw new WeChatXmlException($"<{name}> is not an integer.");

    /// <summary>A Unix time in seconds, refused when no <see cref="DateTimeOffset"/> can hold it.</summary>
    public static DateTimeOffset RequiredUnixTime(this XElement element, string name) =>
        element.RequiredInt64(name) is var seconds && seconds >= MinUnixSeconds && seconds <= MaxUnixSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new WeChatXmlException($"<{name}> is not a time a date can hold.");
}
