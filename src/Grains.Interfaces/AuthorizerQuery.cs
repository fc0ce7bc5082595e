namespace Grains.Interfaces;

/// <summary>
/// A page of a platform's authorizers, sorted by appid: those after <see cref="After"/>, of <see cref="Status"/>
/// and starting with <see cref="AppIdPrefix"/> when set.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grains.AuthorizerQuery")]
public sealed record AuthorizerQuery(
    [property: Id(0)] string? After,
    [property: Id(1)] int Limit,
    [property: Id(2)] AuthorizerStatus? Status,
    [property: Id(3)] string? AppIdPrefix = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
