namespace Gateway.Tests.Support;

/// <summary>The single-node gateway with its call ledger flushing every 100 ms, so counts reach the ledger grains quickly.</summary>
public sealed class QuotaGatewayHost : GatewayHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Quotas:FlushInterval", "00:00:00.100")];
}
