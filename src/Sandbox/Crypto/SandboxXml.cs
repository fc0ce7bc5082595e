using System.Xml;
using System.Xml.Linq;

namespace Sandbox.Crypto;

/// <summary>Parses what platforms send back with DTDs refused, as WeChat's own parsers do.</summary>
public static class SandboxXml
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    /// <summary>The root element, or null when the text is not well-formed XML.</summary>
    public static XElement? TryParse(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings);
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    public static string? Value(this XElement element, string name) => element.Element(name)?.Value;
}
