namespace Grains.Interfaces;

/// <summary>
/// What one process counted for one account in one flush: calls per API path of one Beijing day, the 45009s it saw,
/// and when it saw WeChat clear the account's quotas (<c>cgi-bin/clear_quota</c> answered 0), if it did. The batch is
/// <see cref="Sequence"/> of <see cref="Process"/>: a batch sent again after a lost answer is applied once.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QuotaUsage(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] IReadOnlyDictionary<string, long> Calls,
    [property: Id(2)] IReadOnlyList<QuotaExhaustion> Exhausted,
    [property: Id(3)] string Process,
    [property: Id(4)] long Sequence,
    [property: Id(5)] DateTimeOffset? ClearedAt = null);

/// <summary>WeChat answered 45009 for <see cref="Api"/> at <see cref="At"/>: calls of it are refused until <see cref="Until"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaExhaustion(
    [property: Id(0)] string Api,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] DateTimeOffset Until);
