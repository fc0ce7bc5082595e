namespace Grains.Interfaces;

/// <summary>
/// The cluster's refusals in force (an account and API WeChat answered 45009 today), which every process's call
/// ledger reads every few seconds. Key: <see cref="QuotaRefusals.RegistryKey"/>.
/// </summary>
[Alias("Grains.IQuotaRefusalsGrain")]
public interface IQuotaRefusalsGrain : IGrainWithIntegerKey
{
    /// <summary>The refusals in force, or null when they are still those of <paramref name="knownVersion"/>.</summary>
    Task<QuotaRefusals?> GetSinceAsync(long knownVersion);

    Task RefuseAsync(QuotaRefusal refusal);

    /// <summary>Ends every refusal of the account whose grain key is <paramref name="accountKey"/>.</summary>
    Task LiftAsync(string accountKey);
}
