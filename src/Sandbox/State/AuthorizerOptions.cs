namespace Sandbox.State;

/// <summary>The authorizer options a platform may read and set (api_get/set_authorizer_option) and their values.</summary>
public static class AuthorizerOptions
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["location_report"] = ["0", "1", "2"],
        ["voice_recognize"] = ["0", "1"],
        ["customer_service"] = ["0", "1"],
    };

    public static bool IsName(string? name) => name is not null && Allowed.ContainsKey(name);

    public static bool IsValue(string name, string? value) => Allowed[name].Contains(value);

    public static Dictionary<string, string> Defaults() => Allowed.Keys.ToDictionary(name => name, _ => "0", StringComparer.Ordinal);
}
