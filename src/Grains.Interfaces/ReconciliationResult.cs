namespace Grains.Interfaces;

/// <summary>
/// What a walk of WeChat's authorizer list found: accounts it listed, refresh tokens given back to accounts that had
/// none (or a different one), and authorized accounts here that WeChat did not list (the first of them named).
/// </summary>
[GenerateSerializer, Immutable, Alias("Grains.ReconciliationResult")]
public sealed record ReconciliationResult(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] int Listed,
    [property: Id(2)] int Restored,
    [property: Id(3)] int NotListed,
    [property: Id(4)] IReadOnlyList<string> NotListedFirst);
