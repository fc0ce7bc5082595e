namespace Grains.Interfaces;

/// <summary>
/// One account's WeChat calls today, per API path, and the 45009s WeChat answered it. Keyed like its authorizer
/// (<c>{componentAppId}/{authorizerAppId}</c>); it exists only for accounts the platform called WeChat for, is told in
/// batches by each process's call ledger, and keeps today only (Beijing time).
/// </summary>
[Alias("Grains.IQuotaLedgerGrain")]
public interface IQuotaLedgerGrain : IGrainWithStringKey
{
    /// <summary>Adds a process's counts and the 45009s it saw.</summary>
    Task RecordAsync(QuotaUsage usage);

    Task<QuotaLedger> GetAsync();

    /// <summary>The platform cleared the account's quotas at WeChat (<c>clear_quota</c>): its refusals end now.</summary>
    Task<QuotaLedger> ClearedAsync();
}
