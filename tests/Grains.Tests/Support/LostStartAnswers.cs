using Grains.Campaigns;

namespace Grains.Tests.Support;

/// <summary>
/// The shared campaign store, with what a crash right after a campaign's row was committed looks like to its grain:
/// for a campaign named in <see cref="Lose"/>, the write happens and its answer never arrives.
/// </summary>
public sealed class LostStartAnswers(InMemoryCampaignStore store) : ICampaignStore
{
    private readonly HashSet<string> _lost = new(StringComparer.Ordinal);

    public void Lose(string campaignId)
    {
        lock (_lost)
        {
            _lost.Add(campaignId);
        }
    }

    public async Task<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        var stored = await store.CreateAsync(campaign, cancellationToken);
        lock (_lost)
        {
            return _lost.Remove(campaign.Id) ? throw new TimeoutException($"The database's answer to storing campaign {campaign.Id} was lost.") : stored;
        }
    }

    public Task<Campaign?> GetAsync(string componentAppId, string campaignId, CancellationToken cancellationToken = default) =>
        store.GetAsync(componentAppId, campaignId, cancellationToken);

    public Task<CampaignPage> ListAsync(string componentAppId, string? after, int limit, CancellationToken cancellationToken = default) =>
        store.ListAsync(componentAppId, after, limit, cancellationToken);

    public Task UpdateAsync(Campaign campaign, CancellationToken cancellationToken = default) => store.UpdateAsync(campaign, cancellationToken);

    public Task EnrollAsync(string componentAppId, string campaignId, IReadOnlyCollection<string> authorizerAppIds, string? enrolledAfter, bool complete, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.EnrollAsync(componentAppId, campaignId, authorizerAppIds, enrolledAfter, complete, now, cancellationToken);

    public Task<IReadOnlyList<CampaignAccount>> DueAsync(string componentAppId, string campaignId, IReadOnlyCollection<ReleaseStage> stages, DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        store.DueAsync(componentAppId, campaignId, stages, now, limit, cancellationToken);

    public Task<DateTimeOffset?> NextDueAsync(string componentAppId, string campaignId, IReadOnlyCollection<ReleaseStage> stages, CancellationToken cancellationToken = default) =>
        store.NextDueAsync(componentAppId, campaignId, stages, cancellationToken);

    public Task<bool> MoveAsync(string componentAppId, string campaignId, AccountMove move, CancellationToken cancellationToken = default) =>
        store.MoveAsync(componentAppId, campaignId, move, cancellationToken);

    public Task<long> RescheduleAsync(string componentAppId, string campaignId, ReleaseStage stage, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.RescheduleAsync(componentAppId, campaignId, stage, nextAttemptAt, now, cancellationToken);

    public Task<long> RetryFailedAsync(string componentAppId, string campaignId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        store.RetryFailedAsync(componentAppId, campaignId, now, cancellationToken);

    public Task<CampaignAccountPage> ListAccountsAsync(string componentAppId, string campaignId, ReleaseStage? stage, string? after, int limit, CancellationToken cancellationToken = default) =>
        store.ListAccountsAsync(componentAppId, campaignId, stage, after, limit, cancellationToken);

    public Task<IReadOnlyList<CampaignFailure>> FailuresAsync(string componentAppId, string campaignId, int limit, CancellationToken cancellationToken = default) =>
        store.FailuresAsync(componentAppId, campaignId, limit, cancellationToken);
}
