namespace Grains.Interfaces;

/// <summary>
/// The cluster's refusals in force (an account and API WeChat answered 45009 today) and the day's clears, which every
/// process's call ledger reads every few seconds. Key: <see cref="QuotaRefusals.RegistryKey"/>.
/// </summary>
[Alias("Grains.IQuotaRefusalsGrain")]
public interface IQuotaRefusalsGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The changes since <paramref name="knownVersion"/> of <paramref name="epoch"/>, everything when the reader is too
    /// far behind or knew another activation, or null when nothing changed.
    /// </summary>
    Task<QuotaRefusals?> GetSinceAsync(Guid epoch, long knownVersion);

    Task RefuseAsync(QuotaRefusal refusal);

    /// <summary>Ends the refusals of the account <see cref="QuotaLift.AccountKey"/> seen at or before the clear.</summary>
    Task LiftAsync(QuotaLift lift);
}
