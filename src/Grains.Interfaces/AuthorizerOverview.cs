namespace Grains.Interfaces;

/// <summary>
/// What an operator reads at a glance about a platform's accounts: how many in each status, how much token time the
/// authorized ones have left, and refreshes and failures per minute over recent hours.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grains.AuthorizerOverview")]
public sealed record AuthorizerOverview(
    [property: Id(0)] IReadOnlyDictionary<AuthorizerStatus, long> ByStatus,
    [property: Id(1)] IReadOnlyList<TokenHorizonBucket> TokenHorizon,
    [property: Id(2)] IReadOnlyList<TokenActivityMinute> Activity);
