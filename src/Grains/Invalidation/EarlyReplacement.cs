namespace Grains.Invalidation;

/// <summary>
/// A token replaced or withdrawn before the instant its grain said it stays current (a rejection report, a revocation,
/// 61003/61023, a new grant) must not outlive the change in any gateway: the registry tells them all. One-way, so an
/// unreachable registry never holds up the token grain; a gateway that misses it keeps the old token at most its
/// cache's maximum age.
/// </summary>
internal static class EarlyReplacement
{
    public static void TellGateways(IGrainFactory grains, string tokenOwner, (string Token, DateTimeOffset Until)? before, string? current, DateTimeOffset now)
    {
        if (before is { } served && served.Until > now && current != served.Token)
        {
            _ = grains.GetGrain<ITokenInvalidationRegistryGrain>(TokenInvalidation.RegistryKey).TokenReplacedAsync(tokenOwner);
        }
    }
}
