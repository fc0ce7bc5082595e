using System.Text.RegularExpressions;

namespace Gateway.WeChatProxy;

/// <summary>
/// The caller's query, passed on to WeChat within bounds: WeChat's APIs take a few short parameters (<c>type</c>,
/// <c>action</c>, <c>path</c>, …), so anything beyond them is refused before a call rather than sent.
/// </summary>
internal static partial class ProxyQuery
{
    public const int MaxLength = 4096;
    public const int MaxParameters = 32;
    public const int MaxNameLength = 64;
    public const int MaxValueLength = 2048;

    /// <summary>The gateway names the token: a caller's own value for either name is dropped.</summary>
    private static readonly HashSet<string> TokenParameters = new(StringComparer.OrdinalIgnoreCase) { "access_token", "component_access_token" };

    public static string Rule { get; } =
        $"at most {MaxParameters} parameters and {MaxLength} characters; names of letters, digits, _, - and . up to {MaxNameLength} characters; values up to {MaxValueLength}";

    /// <summary>The parameters to send (the token's left out), or null when the query is beyond the bounds.</summary>
    public static IReadOnlyList<(string Key, string Value)>? Read(HttpRequest request)
    {
        if (request.QueryString.Value?.Length > MaxLength)
        {
            return null;
        }

        var parameters = request.Query.SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? ""))).ToList();
        var withinBounds = parameters.Count <= MaxParameters
            && parameters.All(p => p.Key.Length <= MaxNameLength && ParameterName().IsMatch(p.Key) && p.Value.Length <= MaxValueLength);
        return withinBounds ? [.. parameters.Where(p => !TokenParameters.Contains(p.Key))] : null;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_.\-]+\z")]
    private static partial Regex ParameterName();
}
