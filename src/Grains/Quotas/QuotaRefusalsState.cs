using Grains.Interfaces;

namespace Grains.Quotas;

[GenerateSerializer]
public sealed class QuotaRefusalsState
{
    [Id(0)]
    public long Version { get; set; }

    [Id(1)]
    public List<QuotaRefusal> InForce { get; set; } = [];
}
