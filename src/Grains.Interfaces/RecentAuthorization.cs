namespace Grains.Interfaces;

/// <summary>An authorization the platform recorded, for operators watching them arrive on the status page.</summary>
[GenerateSerializer, Immutable, Alias("Grains.RecentAuthorization")]
public sealed record RecentAuthorization(
    [property: Id(0)] string AuthorizerAppId,
    [property: Id(1)] AuthorizationEvent Event,
    [property: Id(2)] IReadOnlyList<int> PermissionSets,
    [property: Id(3)] DateTimeOffset At);
