namespace Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("Grains.PreAuthCode")]
public sealed record PreAuthCode([property: Id(0)] string Value, [property: Id(1)] DateTimeOffset ExpiresAt);
