using Grains.Interfaces;

namespace Grains.Quotas;

/// <summary>
/// One account's day: calls per API path, the 45009s WeChat answered, when the platform last cleared its quotas, and
/// per process the last batch applied (a process sends its batches of an account in order, one after the other).
/// </summary>
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

    [Id(4)]
    public Dictionary<string, long> AppliedBatches { get; set; } = new(StringComparer.Ordinal);
}
