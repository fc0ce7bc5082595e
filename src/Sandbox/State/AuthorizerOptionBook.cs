namespace Sandbox.State;

/// <summary>Each authorizer's options (location_report, voice_recognize, customer_service) as set through a platform.</summary>
public sealed class AuthorizerOptionBook
{
    /// <summary>The options WeChat knows and the values each accepts; every option starts at "0".</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Values = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["location_report"] = ["0", "1", "2"],
        ["voice_recognize"] = ["0", "1"],
        ["customer_service"] = ["0", "1"],
    };

    private readonly Lock _lock = new();
    private readonly Dictionary<(string ComponentAppId, string AuthorizerAppId, string Name), string> _values = [];

    public string Get(string componentAppId, string authorizerAppId, string name)
    {
        lock (_lock)
        {
            return _values.GetValueOrDefault((componentAppId, authorizerAppId, name), "0");
        }
    }

    public void Set(string componentAppId, string authorizerAppId, string name, string value)
    {
        lock (_lock)
        {
            _values[(componentAppId, authorizerAppId, name)] = value;
        }
    }
}
