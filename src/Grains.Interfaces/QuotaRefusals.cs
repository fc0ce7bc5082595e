namespace Grains.Interfaces;

/// <summary>A refusal in force: calls of <see cref="Api"/> for the account <see cref="AccountKey"/> end at <see cref="Until"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaRefusal(
    [property: Id(0)] string AccountKey,
    [property: Id(1)] string Api,
    [property: Id(2)] DateTimeOffset Until);

/// <summary>The cluster's refusals in force at <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaRefusals(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<QuotaRefusal> InForce)
{
    public const long RegistryKey = 0;
}
