namespace Gateway;

/// <summary>The <c>Gateway</c> section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Bearer keys accepted on <c>/api</c>; none means <c>/api</c> refuses everyone.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Pushes whose timestamp is further than this from now are refused as stale or replayed.</summary>
    public TimeSpan PushTimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest push body accepted from WeChat.</summary>
    public int MaxPushBytes { get; set; } = 64 * 1024;
}
