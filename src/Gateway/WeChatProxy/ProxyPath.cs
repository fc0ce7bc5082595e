using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.WeChatProxy;

/// <summary>
/// The WeChat API path a business service put after <c>/wechat/</c>, read from the request target as the client sent
/// it: routing has already decoded escapes and resolved dot segments, so the route value can look plain when what was
/// sent was not.
/// </summary>
internal static partial class ProxyPath
{
    public const int MaxLength = 256;

    private const string Marker = "/wechat/";

    /// <summary>How many layers of percent-encoding are peeled off before deciding whether a path is a credential API.</summary>
    private const int MaxUnescapes = 3;

    /// <summary>Everything after the request target's first <c>/wechat/</c>, up to its query; empty when there is none.</summary>
    public static string AsSent(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        var marker = path.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        return marker < 0 ? "" : path[(marker + Marker.Length)..];
    }

    /// <summary>The contract's plain API path: segments of letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, none of them only dots.</summary>
    public static bool IsPlain(string path) =>
        path.Length is > 0 and <= MaxLength
        && PlainSegments().IsMatch(path)
        && !path.Split('/').Any(segment => segment.Trim('.').Length == 0);

    /// <summary>
    /// The segments WeChat, or a server in front of it, could take <paramref name="path"/> for: escapes decoded (several
    /// times), cut at the first <c>?</c>, <c>#</c>, <c>;</c> or NUL, backslashes as slashes, empty and <c>.</c> segments
    /// dropped, <c>..</c> resolved, trailing dots and spaces trimmed, lower-case.
    /// </summary>
    public static IReadOnlyList<string> Normalize(string path)
    {
        var decoded = path;
        for (var i = 0; i < MaxUnescapes && decoded.Contains('%', StringComparison.Ordinal); i++)
        {
            decoded = Uri.UnescapeDataString(decoded);
        }

        var end = decoded.IndexOfAny(['?', '#', ';', '\0']);
        var segments = new List<string>();
        foreach (var part in (end < 0 ? decoded : decoded[..end]).Replace('\\', '/').Split('/'))
        {
            var segment = part.Trim();
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            var length = segment.Length;
            while (length > 0 && (segment[length - 1] == '.' || char.IsWhiteSpace(segment[length - 1])))
            {
                length--;
            }

            if (length > 0)
            {
                segments.Add(segment[..length].ToLowerInvariant());
            }
        }

        return segments;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*\z")]
    private static partial Regex PlainSegments();
}
