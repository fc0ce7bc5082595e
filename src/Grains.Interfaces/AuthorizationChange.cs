namespace Grains.Interfaces;

/// <summary>
/// One recorded change of an account's authorization on its way to the platform's webhook. <see cref="Id"/> is the
/// delivery's id on every attempt; <see cref="PermissionSets"/> are the sets the account grants (or granted, for
/// the changes that end its authorization).
/// </summary>
[GenerateSerializer, Immutable, Alias("Grains.AuthorizationChange")]
public sealed record AuthorizationChange(
    [property: Id(0)] string Id,
    [property: Id(1)] AuthorizationEvent Event,
    [property: Id(2)] IReadOnlyList<int> PermissionSets,
    [property: Id(3)] DateTimeOffset OccurredAt);
