namespace Grains.Interfaces;

/// <summary>
/// Reads a platform's campaigns and their accounts from the campaign store, keyed by the component appid, on whichever
/// silo the call lands: reads never queue behind a campaign's wave.
/// </summary>
[Alias("Grains.ICampaignDirectoryGrain")]
public interface ICampaignDirectoryGrain : IGrainWithStringKey
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    Task<CampaignPage> ListAsync(string? after, int limit);

    Task<Campaign?> GetAsync(string campaignId);

    /// <summary>Null when no such campaign was started.</summary>
    Task<CampaignAccountPage?> ListAccountsAsync(string campaignId, ReleaseStage? stage, string? after, int limit);

    /// <summary>The campaign's failed and audit-failed accounts counted per stage, errcode and reason, the largest group first.</summary>
    Task<IReadOnlyList<CampaignFailure>> ListFailuresAsync(string campaignId, int limit);
}
