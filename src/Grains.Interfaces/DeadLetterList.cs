namespace Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("Grains.DeadLetterList")]
public sealed record DeadLetterList(
    [property: Id(0)] int Total,
    [property: Id(1)] long Dropped,
    [property: Id(2)] IReadOnlyList<DeadLetter> Newest);
