namespace Grains.Interfaces;

/// <summary>
/// Token refreshes, failed WeChat token calls and reminder ticks of one platform's grains in one minute, across the
/// cluster. Ticks per refresh near 1 means reminders wake grains only when there is work.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grains.TokenActivityMinute")]
public sealed record TokenActivityMinute(
    [property: Id(0)] DateTimeOffset Minute,
    [property: Id(1)] long Refreshes,
    [property: Id(2)] long Failures,
    [property: Id(3)] long Ticks = 0);
