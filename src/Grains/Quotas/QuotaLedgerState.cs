using Grains.Interfaces;

namespace Grains.Quotas;

/// <summary>One account's day: calls per API path, the 45009s WeChat answered, and when the platform last cleared its quotas.</summary>
public sealed class QuotaLedgerState
{
    public DateOnly Day { get; set; }

    public Dictionary<string, long> Calls { get; set; } = new(StringComparer.Ordinal);

    public List<QuotaExhaustion> Exhausted { get; set; } = [];

    public DateTimeOffset? ClearedAt { get; set; }
}
