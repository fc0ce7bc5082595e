namespace Grains;

/// <summary>
/// What an operator reads at a glance about a platform's accounts: how many in each status, how much token time the
/// authorized ones have left, and refreshes and failures per minute over recent hours.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuthorizerOverview(
    [property: Id(0)] IReadOnlyDictionary<AuthorizerStatus, long> ByStatus,
    [property: Id(1)] IReadOnlyList<TokenHorizonBucket> TokenHorizon,
    [property: Id(2)] IReadOnlyList<TokenActivityMinute> Activity);

/// <summary>Authorized accounts whose token has between <see cref="From"/> and <see cref="To"/> left; both null: accounts without a token.</summary>
[GenerateSerializer, Immutable]
public sealed record TokenHorizonBucket(
    [property: Id(0)] TimeSpan? From,
    [property: Id(1)] TimeSpan? To,
    [property: Id(2)] long Accounts);

/// <summary>
/// Token refreshes, failed WeChat token calls and reminder ticks of one platform's grains in one minute, across the
/// cluster. Ticks per refresh near 1 means reminders wake grains only when there is work.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TokenActivityMinute(
    [property: Id(0)] DateTimeOffset Minute,
    [property: Id(1)] long Refreshes,
    [property: Id(2)] long Failures,
    [property: Id(3)] long Ticks = 0);
