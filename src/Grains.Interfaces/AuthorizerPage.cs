namespace Grains.Interfaces;

/// <summary>One page of the authorizer index, with how many accounts match the query's filter in all.</summary>
[GenerateSerializer, Immutable, Alias("Grains.AuthorizerPage")]
public sealed record AuthorizerPage(
    [property: Id(0)] IReadOnlyList<AuthorizerEntry> Items,
    [property: Id(1)] long Total,
    [property: Id(2)] bool HasMore);
