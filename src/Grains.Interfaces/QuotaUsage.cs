namespace Grains.Interfaces;

/// <summary>What one process counted for one account since its last flush: calls per API path of one Beijing day.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaUsage(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] IReadOnlyDictionary<string, long> Calls,
    [property: Id(2)] IReadOnlyList<QuotaExhaustion> Exhausted);

/// <summary>WeChat answered 45009 for <see cref="Api"/> at <see cref="At"/>: calls of it are refused until <see cref="Until"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaExhaustion(
    [property: Id(0)] string Api,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] DateTimeOffset Until);
