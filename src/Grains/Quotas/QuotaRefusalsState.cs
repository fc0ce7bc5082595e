using Grains.Interfaces;

namespace Grains.Quotas;

public sealed class QuotaRefusalsState
{
    public long Version { get; set; }

    public List<QuotaRefusal> InForce { get; set; } = [];
}
