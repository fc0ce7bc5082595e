using Grains.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grains.Campaigns;

/// <summary>
/// One release campaign. Its state is its rows in the <see cref="ICampaignStore"/>, written one account step at a
/// time, so any activation on any silo goes on from the rows: the reminder brings it back after a crash, and timers
/// drive the waves between the reminder's ticks. An account's step is recorded only if the account is still where
/// the step started from; a step repeated after a crash between WeChat's answer and that write is answered by the
/// account's release grain from what it recorded, without calling WeChat again.
/// Non-reentrant: waves, commands and reminder ticks never interleave; only audit events (AccountChangedAsync) do,
/// and they touch nothing but their account's row.
/// </summary>
public sealed partial class CampaignGrain(
    ICampaignStore store,
    IAuditQuota auditQuota,
    IAuthorizerIndex authorizers,
    IOptions<CampaignOptions> options,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain, IRemindable
{
    private const string ReminderName = "campaign";

    private IGrainTimer? _wave;

    /// <summary>Audits left this month as WeChat last said, less those submitted since; null: ask again.</summary>
    private int? _auditsLeft;

    /// <summary>When a wave out of audits (or without an answer from WeChat) asks <c>wxa/queryquota</c> again.</summary>
    private DateTimeOffset _auditsRecheckAt;

    /// <summary>Accounts <c>wxa/queryquota</c> failed through since WeChat last answered it; the next ask takes another.</summary>
    private readonly HashSet<string> _quotaAskersFailed = new(StringComparer.Ordinal);

    private int _quotaFailures;

    /// <summary>When WeChat's daily quota of an API comes back for the accounts a 45009 refused, as this activation saw it.</summary>
    private DateTimeOffset? _apiQuotaUntil;

    private (string ComponentAppId, string CampaignId) Key => CampaignKey.Parse(this.GetPrimaryKeyString());

    private CampaignOptions Options => options.Value;

    public async Task<CampaignStart> StartAsync(CampaignSpec spec, string? idempotencyKey = null)
    {
        var now = time.GetUtcNow();
        var (componentAppId, campaignId) = Key;
        // The reminder before the row: a stored campaign always has its reminder, whatever becomes of this call after
        // the write (a silo lost, the database's answer lost), and a reminder with no row behind it stops at its tick.
        await this.RegisterOrUpdateReminder(ReminderName, Options.ReminderPeriod, Options.ReminderPeriod);
        var fingerprint = idempotencyKey is null ? null : CampaignFingerprint.Of(spec);
        var campaign = await store.CreateAsync(new Campaign(
            campaignId, componentAppId, spec, CampaignStatus.Running, false, spec.Accounts is not null, null, null, null, 0, now, now,
            new Dictionary<ReleaseStage, long>(), IdempotencyKey: idempotencyKey, SpecSha256: fingerprint));
        if (campaign.Id != campaignId)
        {
            await StopAsync();
            if (campaign.SpecSha256 != fingerprint)
            {
                return new CampaignStart(campaign, CampaignStartOutcome.KeyReused);
            }

            // The same start again: the campaign holding the key is answered, and nudged in case its own start was cut
            // short after its write.
            var holder = await GrainFactory.GetGrain<ICampaignGrain>(CampaignKey.For(componentAppId, campaign.Id)).StartAsync(spec, idempotencyKey);
            return holder with { Outcome = CampaignStartOutcome.Repeated };
        }

        if (campaign.Status == CampaignStatus.Running)
        {
            LogStarted(logger, componentAppId, campaignId, spec.Accounts?.Count);
            ArmWave(TimeSpan.Zero);
        }
        else
        {
            await StopAsync();
        }

        return new CampaignStart(campaign, CampaignStartOutcome.Started);
    }

    public Task<Campaign?> GetAsync() => store.GetAsync(Key.ComponentAppId, Key.CampaignId);

    public Task<Campaign?> PauseAsync() => CommandAsync(async campaign =>
    {
        await StopAsync();
        return campaign with { Status = CampaignStatus.Paused, WaitingFor = null, NextAttemptAt = null };
    });

    public Task<Campaign?> ResumeAsync() => CommandAsync(campaign =>
    {
        // Resuming asks WeChat for the audit quota again rather than trusting what it said before the pause.
        _auditsLeft = null;
        return Task.FromResult(Running(campaign));
    });

    public Task<Campaign?> CancelAsync() => CommandAsync(async campaign =>
    {
        await StopAsync();
        LogEnded(logger, Key.ComponentAppId, Key.CampaignId, CampaignStatus.Cancelled);
        return campaign with { Status = CampaignStatus.Cancelled, WaitingFor = null, NextAttemptAt = null };
    });

    public Task<Campaign?> RetryAsync() => CommandAsync(async campaign =>
    {
        await store.RetryFailedAsync(Key.ComponentAppId, Key.CampaignId, time.GetUtcNow());
        return Running(campaign);
    });

    public Task<Campaign?> ReleaseAsync() => CommandAsync(async campaign =>
    {
        if (!campaign.RollingBack)
        {
            await store.RescheduleAsync(Key.ComponentAppId, Key.CampaignId, ReleaseStage.Approved, time.GetUtcNow(), time.GetUtcNow());
        }

        return Running(campaign);
    });

    public Task<Campaign?> RollbackAsync() => CommandAsync(async campaign =>
    {
        var now = time.GetUtcNow();
        foreach (var stage in RolledBack)
        {
            await store.RescheduleAsync(Key.ComponentAppId, Key.CampaignId, stage, now, now);
        }

        return Running(campaign) with { RollingBack = true };
    }, evenCancelled: true);

    public async Task AccountChangedAsync(MiniProgramRelease release)
    {
        var (componentAppId, campaignId) = Key;
        if (release.CampaignId != campaignId || release.Stage is not (ReleaseStage.Auditing or ReleaseStage.AuditDelayed or ReleaseStage.AuditFailed or ReleaseStage.Approved)
            || await store.GetAsync(componentAppId, campaignId) is not { } campaign)
        {
            return;
        }

        var now = time.GetUtcNow();
        var next = NextAttempt(campaign, release.Stage, now);
        var moved = await store.MoveAsync(componentAppId, campaignId, new AccountMove(
            release.AuthorizerAppId, AuditOpen, release.Stage, release.Stage == ReleaseStage.AuditFailed ? ReleaseStage.Committed : null,
            release.ErrorCode, release.Reason, false, next, release.UpdatedAt ?? now));
        if (moved)
        {
            LogAccountChanged(logger, componentAppId, campaignId, release.AuthorizerAppId, release.Stage);
        }

        if (moved && next is not null && campaign.Status == CampaignStatus.Running)
        {
            ArmWave(TimeSpan.Zero);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await store.GetAsync(Key.ComponentAppId, Key.CampaignId) is { Status: CampaignStatus.Running })
        {
            await RunWaveAsync();
        }
        else
        {
            await StopAsync();
        }
    }

    /// <summary>
    /// Applies a command to the stored campaign and stores the outcome. A cancelled campaign stays as it is, except for
    /// a rollback (<paramref name="evenCancelled"/>): cancelling and then reverting is the natural order of an incident.
    /// </summary>
    private async Task<Campaign?> CommandAsync(Func<Campaign, Task<Campaign>> command, bool evenCancelled = false)
    {
        var campaign = await store.GetAsync(Key.ComponentAppId, Key.CampaignId);
        if (campaign is null || (campaign.Status == CampaignStatus.Cancelled && !evenCancelled))
        {
            return campaign;
        }

        var changed = await command(campaign) with { UpdatedAt = time.GetUtcNow() };
        await store.UpdateAsync(changed);
        if (changed.Status == CampaignStatus.Running)
        {
            await KeepGoingAsync(TimeSpan.Zero);
        }

        return await store.GetAsync(Key.ComponentAppId, Key.CampaignId);
    }

    private static Campaign Running(Campaign campaign) => campaign with { Status = CampaignStatus.Running, WaitingFor = null, NextAttemptAt = null };

    /// <summary>The reminder for crashes, and a wave after <paramref name="dueIn"/> on this activation.</summary>
    private async Task KeepGoingAsync(TimeSpan dueIn)
    {
        await this.RegisterOrUpdateReminder(ReminderName, Options.ReminderPeriod, Options.ReminderPeriod);
        ArmWave(dueIn);
    }

    private void ArmWave(TimeSpan dueIn)
    {
        if (_wave is null)
        {
            _wave = this.RegisterGrainTimer(_ => RunWaveAsync(), new GrainTimerCreationOptions(dueIn, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _wave.Change(dueIn, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task StopAsync()
    {
        _wave?.Dispose();
        _wave = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
