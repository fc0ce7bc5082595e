using Grains.Interfaces;

namespace Grains.Quotas;

/// <summary>One account's day: calls per API path, the 45009s WeChat answered, and when the platform last cleared its quotas.</summary>
[GenerateSerializer]
public sealed class QuotaLedgerState
{
    [Id(0)]
    public DateOnly Day { get; set; }

    [Id(1)]
    public Dictionary<string, long> Calls { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public List<QuotaExhaustion> Exhausted { get; set; } = [];

    [Id(3)]
    public DateTimeOffset? ClearedAt { get; set; }
}
