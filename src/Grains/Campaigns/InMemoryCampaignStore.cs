using WeChat.Api.Quotas;

namespace Grains.Campaigns;

/// <summary>
/// The single node's campaign store: lost on restart like the rest of a single node's state. Counts per stage and the
/// day's audits move with each write, as PostgreSQL's trigger moves them.
/// </summary>
public sealed class InMemoryCampaignStore : ICampaignStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<string, Stored>> _platforms = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ComponentAppId, string Key), string> _idempotencyKeys = [];

    public Task<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var campaigns = PlatformOf(campaign.ComponentAppId);
            if (campaign.IdempotencyKey is { } key && _idempotencyKeys.TryGetValue((campaign.ComponentAppId, key), out var holder))
            {
                return Task.FromResult(View(campaigns[holder]));
            }

            if (!campaigns.ContainsKey(campaign.Id))
            {
                if (campaign.IdempotencyKey is { } newKey)
                {
                    _idempotencyKeys[(campaign.ComponentAppId, newKey)] = campaign.Id;
                }

                var stored = new Stored(campaign with { Spec = campaign.Spec with { Accounts = null }, Counts = new Dictionary<ReleaseStage, long>() });
                campaigns[campaign.Id] = stored;
                Insert(stored, campaign.Spec.Accounts ?? [], campaign.CreatedAt);
            }

            return Task.FromResult(View(campaigns[campaign.Id]));
        }
    }

    public Task<Campaign?> GetAsync(string componentAppId, string campaignId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Find(componentAppId, campaignId) is { } stored ? View(stored) : null);
        }
    }

    public Task<CampaignPage> ListAsync(string componentAppId, string? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var campaigns = PlatformOf(componentAppId);
            var page = campaigns.Values.Where(c => after is null || string.CompareOrdinal(c.Campaign.Id, after) > 0).Take(limit + 1).Select(View).ToList();
            var hasMore = page.Count > limit;
            return Task.FromResult(new CampaignPage(hasMore ? page[..limit] : page, campaigns.Count, hasMore));
        }
    }

    public Task UpdateAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (Find(campaign.ComponentAppId, campaign.Id) is { } stored)
            {
                stored.Campaign = stored.Campaign with
                {
                    Status = campaign.Status,
                    RollingBack = campaign.RollingBack,
                    WaitingFor = campaign.WaitingFor,
                    NextAttemptAt = campaign.NextAttemptAt,
                    UpdatedAt = campaign.UpdatedAt,
                };
            }
        }

        return Task.CompletedTask;
    }

    public Task EnrollAsync(string componentAppId, string campaignId, IReadOnlyCollection<string> authorizerAppIds, string? enrolledAfter, bool complete, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (Find(componentAppId, campaignId) is { } stored)
            {
                Insert(stored, authorizerAppIds, now);
                stored.Campaign = stored.Campaign with { Enrolled = complete, EnrolledAfter = enrolledAfter };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CampaignAccount>> DueAsync(string componentAppId, string campaignId, IReadOnlyCollection<ReleaseStage> stages, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<CampaignAccount> due = [.. Accounts(componentAppId, campaignId)
                .Where(a => stages.Contains(a.Stage) && a.NextAttemptAt <= now)
                .OrderBy(a => a.NextAttemptAt)
                .Take(limit)];
            return Task.FromResult(due);
        }
    }

    public Task<DateTimeOffset?> NextDueAsync(string componentAppId, string campaignId, IReadOnlyCollection<ReleaseStage> stages, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Accounts(componentAppId, campaignId).Where(a => stages.Contains(a.Stage)).Min(a => a.NextAttemptAt));
        }
    }

    public Task<bool> MoveAsync(string componentAppId, string campaignId, AccountMove move, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (Find(componentAppId, campaignId) is not { } stored
                || !stored.Accounts.TryGetValue(move.AuthorizerAppId, out var account)
                || !move.From.Contains(account.Account.Stage))
            {
                return Task.FromResult(false);
            }

            Write(stored, account with
            {
                FailedFrom = move.FailedFrom,
                Account = new CampaignAccount(move.AuthorizerAppId, move.To, move.ErrorCode, move.Reason,
                    move.CountAttempt ? account.Account.Attempts + 1 : 0, move.NextAttemptAt, move.UpdatedAt),
            });
            return Task.FromResult(true);
        }
    }

    public Task<long> RescheduleAsync(string componentAppId, string campaignId, ReleaseStage stage, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var moved = 0L;
            if (Find(componentAppId, campaignId) is { } stored)
            {
                foreach (var account in stored.Accounts.Values.Where(a => a.Account.Stage == stage && a.Account.NextAttemptAt != nextAttemptAt).ToList())
                {
                    Write(stored, account with { Account = account.Account with { NextAttemptAt = nextAttemptAt, UpdatedAt = now } });
                    moved++;
                }
            }

            return Task.FromResult(moved);
        }
    }

    public Task<long> RetryFailedAsync(string componentAppId, string campaignId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var retried = 0L;
            if (Find(componentAppId, campaignId) is { } stored)
            {
                foreach (var account in stored.Accounts.Values.Where(a => a.Account.Stage is ReleaseStage.Failed or ReleaseStage.AuditFailed).ToList())
                {
                    Write(stored, new StoredAccount(
                        new CampaignAccount(account.Account.AuthorizerAppId, account.FailedFrom ?? ReleaseStage.None, null, null, 0, now, now), null));
                    retried++;
                }
            }

            return Task.FromResult(retried);
        }
    }

    public Task<CampaignAccountPage> ListAccountsAsync(string componentAppId, string campaignId, ReleaseStage? stage, string? after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var accounts = Accounts(componentAppId, campaignId).Where(a => stage is null || a.Stage == stage).ToList();
            var page = accounts.Where(a => after is null || string.CompareOrdinal(a.AuthorizerAppId, after) > 0).Take(limit + 1).ToList();
            var hasMore = page.Count > limit;
            return Task.FromResult(new CampaignAccountPage(hasMore ? page[..limit] : page, accounts.Count, hasMore));
        }
    }

    public Task<IReadOnlyList<CampaignFailure>> FailuresAsync(string componentAppId, string campaignId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<CampaignFailure> failures = [.. Accounts(componentAppId, campaignId)
                .Where(a => a.Stage is ReleaseStage.Failed or ReleaseStage.AuditFailed)
                .GroupBy(a => (a.Stage, a.ErrorCode, a.Reason))
                .Select(g => new CampaignFailure(g.Key.Stage, g.Key.ErrorCode, g.Key.Reason, g.LongCount()))
                .OrderByDescending(f => f.Accounts).ThenBy(f => f.Stage)
                .ThenBy(f => f.ErrorCode is null).ThenBy(f => f.ErrorCode).ThenBy(f => f.Reason is null).ThenBy(f => f.Reason, StringComparer.Ordinal)
                .Take(limit)];
            return Task.FromResult(failures);
        }
    }

    private static void Insert(Stored stored, IEnumerable<string> authorizerAppIds, DateTimeOffset now)
    {
        foreach (var appId in authorizerAppIds.Where(a => !stored.Accounts.ContainsKey(a)))
        {
            Write(stored, new StoredAccount(new CampaignAccount(appId, ReleaseStage.None, null, null, 0, now, now), null));
        }
    }

    /// <summary>Writes one account and moves its counts, and the day's audits when it left <c>committed</c> for an audit stage.</summary>
    private static void Write(Stored stored, StoredAccount account)
    {
        var to = account.Account.Stage;
        if (stored.Accounts.TryGetValue(account.Account.AuthorizerAppId, out var before))
        {
            var from = before.Account.Stage;
            stored.Counts[from]--;
            if (from == ReleaseStage.Committed && to is ReleaseStage.Auditing or ReleaseStage.AuditDelayed or ReleaseStage.AuditFailed or ReleaseStage.Approved)
            {
                var day = BeijingDay.Of(account.Account.UpdatedAt);
                stored.Campaign = stored.Campaign with { AuditDay = day, AuditsOnDay = stored.Campaign.AuditsOn(day) + 1 };
            }
        }

        stored.Counts[to] = stored.Counts.GetValueOrDefault(to) + 1;
        stored.Accounts[account.Account.AuthorizerAppId] = account;
    }

    private IEnumerable<CampaignAccount> Accounts(string componentAppId, string campaignId) =>
        Find(componentAppId, campaignId)?.Accounts.Values.Select(a => a.Account) ?? [];

    private static Campaign View(Stored stored) => stored.Campaign with { Counts = stored.Counts.Where(c => c.Value > 0).ToDictionary() };

    private Stored? Find(string componentAppId, string campaignId) =>
        _platforms.TryGetValue(componentAppId, out var campaigns) && campaigns.TryGetValue(campaignId, out var stored) ? stored : null;

    private SortedDictionary<string, Stored> PlatformOf(string componentAppId)
    {
        if (!_platforms.TryGetValue(componentAppId, out var campaigns))
        {
            campaigns = new SortedDictionary<string, Stored>(StringComparer.Ordinal);
            _platforms[componentAppId] = campaigns;
        }

        return campaigns;
    }

    private sealed class Stored(Campaign campaign)
    {
        public Campaign Campaign { get; set; } = campaign;

        public SortedDictionary<string, StoredAccount> Accounts { get; } = new(StringComparer.Ordinal);

        public Dictionary<ReleaseStage, long> Counts { get; } = [];
    }

    private sealed record StoredAccount(CampaignAccount Account, ReleaseStage? FailedFrom);
}
