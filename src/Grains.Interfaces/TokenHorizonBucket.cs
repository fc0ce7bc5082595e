namespace Grains.Interfaces;

/// <summary>Authorized accounts whose token has between <see cref="From"/> and <see cref="To"/> left; both null: accounts without a token.</summary>
[GenerateSerializer, Immutable, Alias("Grains.TokenHorizonBucket")]
public sealed record TokenHorizonBucket(
    [property: Id(0)] TimeSpan? From,
    [property: Id(1)] TimeSpan? To,
    [property: Id(2)] long Accounts);
