using Grains.Interfaces;

namespace Grains.Quotas;

/// <summary>Today's refusals in force and the day's clears per account (key: the account's grain key).</summary>
[GenerateSerializer]
public sealed class QuotaRefusalsState
{
    [Id(1)]
    public List<QuotaRefusal> InForce { get; set; } = [];

    [Id(2)]
    public Dictionary<string, DateTimeOffset> Lifts { get; set; } = new(StringComparer.Ordinal);
}
