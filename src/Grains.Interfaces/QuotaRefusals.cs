namespace Grains.Interfaces;

/// <summary>
/// A refusal in force: WeChat answered 45009 for <see cref="Api"/> of the account <see cref="AccountKey"/> at
/// <see cref="At"/>; its calls are refused until <see cref="Until"/> unless the account's quotas were cleared since.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QuotaRefusal(
    [property: Id(0)] string AccountKey,
    [property: Id(1)] string Api,
    [property: Id(2)] DateTimeOffset Until,
    [property: Id(3)] DateTimeOffset At);

/// <summary>The platform cleared the account's quotas at <see cref="ClearedAt"/>: every 45009 seen until then is void.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaLift(
    [property: Id(0)] string AccountKey,
    [property: Id(1)] DateTimeOffset ClearedAt);

/// <summary>
/// What a reader of the cluster's refusals learns: with <see cref="Full"/> every refusal in force and every clear of
/// the day, otherwise only those since the version it knew. <see cref="Epoch"/> names the registry's activation: a
/// version is only comparable within one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QuotaRefusals(
    [property: Id(0)] Guid Epoch,
    [property: Id(1)] long Version,
    [property: Id(2)] bool Full,
    [property: Id(3)] IReadOnlyList<QuotaRefusal> Refused,
    [property: Id(4)] IReadOnlyList<QuotaLift> Lifted)
{
    public const long RegistryKey = 0;
}
