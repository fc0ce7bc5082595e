namespace Grains.Interfaces;

/// <summary>An account's day as its ledger grain holds it: calls per API path, and the 45009s seen (cleared ones included).</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaLedger(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] IReadOnlyDictionary<string, long> Calls,
    [property: Id(2)] IReadOnlyList<QuotaExhaustion> Exhausted,
    [property: Id(3)] DateTimeOffset? ClearedAt);
