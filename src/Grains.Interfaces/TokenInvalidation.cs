namespace Grains.Interfaces;

/// <summary>The timing both sides of a token invalidation subscription agree on.</summary>
public static class TokenInvalidation
{
    public const long RegistryKey = 0;

    /// <summary>How long the registry keeps a gateway that stopped renewing (it crashed, or lost the cluster).</summary>
    public static readonly TimeSpan SubscriptionExpiry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a gateway renews, well inside the expiry. It also bounds how long a gateway trusts what it held after
    /// the registry's silo died: the next renewal sees a new epoch.
    /// </summary>
    public static readonly TimeSpan RenewalPeriod = TimeSpan.FromSeconds(10);
}
