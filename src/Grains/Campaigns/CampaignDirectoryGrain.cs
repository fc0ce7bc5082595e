using Orleans.Concurrency;

namespace Grains.Campaigns;

/// <summary>Answers the campaign routes' reads from the store, on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class CampaignDirectoryGrain(ICampaignStore store) : Grain, ICampaignDirectoryGrain
{
    private string ComponentAppId => this.GetPrimaryKeyString();

    public Task<CampaignPage> ListAsync(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ICampaignDirectoryGrain.MaxLimit);
        return store.ListAsync(ComponentAppId, after, limit);
    }

    public Task<Campaign?> GetAsync(string campaignId) => store.GetAsync(ComponentAppId, campaignId);

    public async Task<CampaignAccountPage?> ListAccountsAsync(string campaignId, ReleaseStage? stage, string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ICampaignDirectoryGrain.MaxLimit);
        return await store.GetAsync(ComponentAppId, campaignId) is null ? null : await store.ListAccountsAsync(ComponentAppId, campaignId, stage, after, limit);
    }

    public Task<IReadOnlyList<CampaignFailure>> ListFailuresAsync(string campaignId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ICampaignDirectoryGrain.MaxLimit);
        return store.FailuresAsync(ComponentAppId, campaignId, limit);
    }
}
