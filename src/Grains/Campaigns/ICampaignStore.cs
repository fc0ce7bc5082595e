namespace Grains.Campaigns;

/// <summary>
/// Release campaigns outside any grain's state: a row per campaign and a row per account of it, with the accounts
/// counted per stage as they move. Only a campaign's grain writes its rows. PostgreSQL in a cluster, memory in a
/// single node.
/// </summary>
public interface ICampaignStore
{
    /// <summary>
    /// Stores the campaign and, in the same transaction, the accounts it names; an existing one is answered as stored,
    /// and so is the platform's campaign that already holds the campaign's <see cref="Campaign.IdempotencyKey"/>
    /// (nothing is written then).
    /// </summary>
    Task<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default);

    /// <summary>The campaign with its counts, or null.</summary>
    Task<Campaign?> GetAsync(string componentAppId, string campaignId, CancellationToken cancellationToken = default);

    /// <summary>A page of the platform's campaigns after <paramref name="after"/> (by id), each with its counts.</summary>
    Task<CampaignPage> ListAsync(string componentAppId, string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Writes what the campaign's grain decides: status, rollback, waiting reason and next attempt.</summary>
    Task UpdateAsync(Campaign campaign, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds accounts (those already in are left as they are), due at <paramref name="now"/>, and records in the same
    /// transaction how far enrolment got and whether it is over.
    /// </summary>
    Task EnrollAsync(string componentAppId, string campaignId, IReadOnlyCollection<string> authorizerAppIds, string? enrolledAfter, bool complete, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> accounts in <paramref name="stages"/> whose next step is due, the longest due first.</summary>
    Task<IReadOnlyList<CampaignAccount>> DueAsync(string componentAppId, string campaignId, IReadOnlyCollection<ReleaseStage> stages, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>The earliest next attempt of an account in <paramref name="stages"/>, or null when none has one.</summary>
    Task<DateTimeOffset?> NextDueAsync(string componentAppId, string campaignId, IReadOnlyCollection<ReleaseStage> stages, CancellationToken cancellationToken = default);

    /// <summary>Moves one account if it is still in one of <see cref="AccountMove.From"/>; false when it was not.</summary>
    Task<bool> MoveAsync(string componentAppId, string campaignId, AccountMove move, CancellationToken cancellationToken = default);

    /// <summary>Makes every account in <paramref name="stage"/> due at <paramref name="nextAttemptAt"/> (null: not due); how many.</summary>
    Task<long> RescheduleAsync(string componentAppId, string campaignId, ReleaseStage stage, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Takes every failed account, and every account whose audit WeChat rejected, back to the stage it failed from (a rejected one to <c>committed</c>), due at <paramref name="now"/>; how many.</summary>
    Task<long> RetryFailedAsync(string componentAppId, string campaignId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>A page of the campaign's accounts after <paramref name="after"/> (by appid), of <paramref name="stage"/> when set.</summary>
    Task<CampaignAccountPage> ListAccountsAsync(string componentAppId, string campaignId, ReleaseStage? stage, string? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The accounts in <c>failed</c> or <c>audit_failed</c> counted per stage, errcode and reason, the largest group
    /// first: reads the failed accounts only, never the whole campaign.
    /// </summary>
    Task<IReadOnlyList<CampaignFailure>> FailuresAsync(string componentAppId, string campaignId, int limit, CancellationToken cancellationToken = default);
}

/// <summary>
/// One account's step recorded: from one of <see cref="From"/> (else the write is stale and changes nothing) to
/// <see cref="To"/>. <see cref="CountAttempt"/> adds one to the account's attempts; otherwise they start again at 0.
/// </summary>
public sealed record AccountMove(
    string AuthorizerAppId,
    IReadOnlyCollection<ReleaseStage> From,
    ReleaseStage To,
    ReleaseStage? FailedFrom,
    int? ErrorCode,
    string? Reason,
    bool CountAttempt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset UpdatedAt);
