using WeChat.Api;

namespace Grains.Campaigns;

/// <summary>A wave: enrol a page of accounts if any are left, take the accounts due, ask each one's release grain for its next step, record each answer.</summary>
public sealed partial class CampaignGrain
{
    /// <summary>Where an audit event may find the account: submitted, or about to be (the event can overtake the submit's answer).</summary>
    private static readonly ReleaseStage[] AuditOpen = [ReleaseStage.Committed, ReleaseStage.Auditing, ReleaseStage.AuditDelayed];

    private static readonly ReleaseStage[] Forward = [ReleaseStage.None, ReleaseStage.Committed, ReleaseStage.Approved];

    private static readonly ReleaseStage[] RolledBack = [ReleaseStage.Released, ReleaseStage.Gray];

    private async Task RunWaveAsync()
    {
        var (componentAppId, campaignId) = Key;
        if (await store.GetAsync(componentAppId, campaignId) is not { Status: CampaignStatus.Running } campaign)
        {
            return;
        }

        if (!campaign.Enrolled)
        {
            await EnrolAsync(campaign);
        }

        var now = time.GetUtcNow();
        var stages = campaign.RollingBack ? RolledBack : Forward;
        var audits = campaign.RollingBack ? new AuditAllowance(0, null) : await AuditAllowanceAsync(campaign, now);
        // Only a quota that blocks holds the submissions back: with no account ready to submit when the wave began
        // (RecheckAt null), the accounts this wave commits are due for the next one.
        if (audits is { Allowed: 0, RecheckAt: not null })
        {
            stages = WithoutSubmits(stages);
        }

        var permits = await GrainFactory.GetGrain<ICampaignPacerGrain>(componentAppId).TakeAsync(Options.WaveSize);
        var due = permits.Granted == 0 ? [] : await store.DueAsync(componentAppId, campaignId, stages, now, permits.Granted);
        var submits = due.Where(a => a.Stage == ReleaseStage.Committed).Take(audits.Allowed).ToHashSet();
        var steps = due.Where(a => a.Stage != ReleaseStage.Committed || submits.Contains(a)).ToList();
        var results = await Task.WhenAll(steps.Select(a => StepAsync(campaign, a)));
        if (results.Contains(ReleaseStepStatus.StopWave))
        {
            // WeChat says the platform is out of audits (85085), whatever queryquota said: wait for the quota.
            _auditsLeft = 0;
            _auditsRecheckAt = time.GetUtcNow() + Options.AuditQuotaRecheck;
            audits = new AuditAllowance(0, _auditsRecheckAt);
            stages = WithoutSubmits(stages);
        }

        await NextWaveAsync(campaign, stages, audits, steps.Count == permits.Granted && permits.Granted > 0 ? permits.NextIn : null, permits.NextIn);
    }

    private static ReleaseStage[] WithoutSubmits(ReleaseStage[] stages) => [.. stages.Where(s => s != ReleaseStage.Committed)];

    /// <summary>Stores where the campaign stands (done, or waiting for the audit quota and until when) and arms the next wave.</summary>
    /// <param name="nextPermitIn">When the platform's pacer has a call again: no wave is worth running before it.</param>
    private async Task NextWaveAsync(Campaign campaign, ReleaseStage[] stages, AuditAllowance audits, TimeSpan? moreNowIn, TimeSpan nextPermitIn)
    {
        var (componentAppId, campaignId) = Key;
        var now = time.GetUtcNow();
        var current = await store.GetAsync(componentAppId, campaignId) ?? campaign;
        var nextDue = await store.NextDueAsync(componentAppId, campaignId, stages);
        // Only an account due to submit waits for the quota: a committed account waiting out its own retry does not.
        var quotaBlocks = audits is { Allowed: 0, RecheckAt: not null } && current.Counts.GetValueOrDefault(ReleaseStage.Committed) > 0 && !current.RollingBack;
        // Nothing due before the daily API quota a 45009 used up comes back: the campaign waits for it and says so.
        var apiQuotaUntil = _apiQuotaUntil ?? (current.WaitingFor == CampaignWait.ApiQuota ? current.NextAttemptAt : null);
        var apiQuotaBlocks = !quotaBlocks && apiQuotaUntil > now && nextDue >= apiQuotaUntil;
        var waitingFor = quotaBlocks ? CampaignWait.AuditQuota : apiQuotaBlocks ? CampaignWait.ApiQuota : (CampaignWait?)null;
        var nextAttemptAt = quotaBlocks ? audits.RecheckAt : apiQuotaBlocks ? nextDue : null;
        if (IsDone(current, nextDue, quotaBlocks))
        {
            await StopAsync();
            await store.UpdateAsync(current with { Status = CampaignStatus.Done, WaitingFor = null, NextAttemptAt = null, UpdatedAt = now });
            LogEnded(logger, componentAppId, campaignId, CampaignStatus.Done);
            return;
        }

        if (current.WaitingFor != waitingFor || current.NextAttemptAt != nextAttemptAt)
        {
            if (quotaBlocks)
            {
                LogWaitingForAudits(logger, componentAppId, campaignId, nextAttemptAt);
            }
            else if (apiQuotaBlocks)
            {
                LogWaitingForApiQuota(logger, componentAppId, campaignId, nextAttemptAt);
            }

            await store.UpdateAsync(current with { WaitingFor = waitingFor, NextAttemptAt = nextAttemptAt, UpdatedAt = now });
        }

        // The next wave: at once while accounts are left over or enrolment goes on, else when the first account or the
        // quota is due; the reminder covers anything further away than its period.
        var wake = new[] { moreNowIn, current.Enrolled ? null : TimeSpan.Zero, Until(nextDue, now), Until(nextAttemptAt, now) }
            .Where(w => w is not null).Min();
        if (wake is { } dueIn && dueIn < Options.ReminderPeriod)
        {
            ArmWave(dueIn < nextPermitIn ? nextPermitIn : dueIn);
        }
    }

    /// <summary>Every account is where this campaign leaves it: nothing due, no audit pending, no approved account waiting for a manual release.</summary>
    private static bool IsDone(Campaign campaign, DateTimeOffset? nextDue, bool quotaBlocks)
    {
        if (!campaign.Enrolled || nextDue is not null || quotaBlocks)
        {
            return false;
        }

        long Count(ReleaseStage stage) => campaign.Counts.GetValueOrDefault(stage);
        return campaign.RollingBack
            || Count(ReleaseStage.None) + Count(ReleaseStage.Committed) + Count(ReleaseStage.Auditing) + Count(ReleaseStage.AuditDelayed) + Count(ReleaseStage.Approved) == 0;
    }

    private async Task<ReleaseStepStatus> StepAsync(Campaign campaign, CampaignAccount account)
    {
        var (componentAppId, campaignId) = Key;
        var spec = campaign.Spec;
        ReleaseStepResult? result;
        try
        {
            var release = GrainFactory.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(componentAppId, account.AuthorizerAppId));
            result = account.Stage switch
            {
                ReleaseStage.None => await release.CommitAsync(new ReleaseCommit(campaignId, spec.TemplateId, spec.ExtJsonFor(account.AuthorizerAppId), spec.UserVersion, spec.UserDesc)),
                ReleaseStage.Committed => await release.SubmitAuditAsync(campaignId, spec.AuditJson),
                ReleaseStage.Approved => await release.ReleaseAsync(campaignId, spec.GrayPercentage),
                _ => await release.RevertAsync(campaignId),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The release grain could not answer (a silo lost, a timeout): whatever it did is recorded there and
            // answered again on the next try, so trying again later repeats nothing.
            LogStepUnanswered(logger, componentAppId, campaignId, account.AuthorizerAppId, account.Stage, ex.GetType().Name);
            result = null;
        }

        var now = time.GetUtcNow();
        if (result is { Status: ReleaseStepStatus.RetryLater, ErrorCode: WeChatErrorCodes.DailyQuotaReached, RetryAfter: { } quotaWait }
            && (_apiQuotaUntil is null || now + quotaWait > _apiQuotaUntil))
        {
            _apiQuotaUntil = now + quotaWait;
        }

        var move = result?.Status switch
        {
            null => new AccountMove(account.AuthorizerAppId, [account.Stage], account.Stage, null, null, "no answer from the release grain", true,
                now + Options.StepRetryAfter, now),
            ReleaseStepStatus.Done => new AccountMove(account.AuthorizerAppId, [account.Stage], result!.Release.Stage, null, null, null, false,
                NextAttempt(campaign, result.Release.Stage, now), now),
            ReleaseStepStatus.Failed => new AccountMove(account.AuthorizerAppId, [account.Stage], ReleaseStage.Failed, account.Stage,
                result!.ErrorCode, result.Reason, true, null, now),
            ReleaseStepStatus.RetryLater => new AccountMove(account.AuthorizerAppId, [account.Stage], account.Stage, null,
                result!.ErrorCode, result.Reason, true, now + (result.RetryAfter ?? Options.StepRetryAfter), now),
            _ => new AccountMove(account.AuthorizerAppId, [account.Stage], account.Stage, null, result!.ErrorCode, result.Reason, false, account.NextAttemptAt, now),
        };
        if (await store.MoveAsync(componentAppId, campaignId, move) && result?.Status == ReleaseStepStatus.Done && account.Stage == ReleaseStage.Committed && _auditsLeft > 0)
        {
            _auditsLeft--;
        }

        if (result is { Status: ReleaseStepStatus.Failed })
        {
            LogAccountFailed(logger, componentAppId, campaignId, account.AuthorizerAppId, account.Stage, result.ErrorCode, result.Reason);
        }

        return result?.Status ?? ReleaseStepStatus.RetryLater;
    }

    /// <summary>When an account that reached <paramref name="stage"/> takes its next step: now, or never on its own (it waits for WeChat or the platform).</summary>
    private static DateTimeOffset? NextAttempt(Campaign campaign, ReleaseStage stage, DateTimeOffset now) => stage switch
    {
        ReleaseStage.None or ReleaseStage.Committed when !campaign.RollingBack => now,
        ReleaseStage.Approved when campaign.Spec.Release == ReleaseMode.AfterAudit && !campaign.RollingBack => now,
        ReleaseStage.Released or ReleaseStage.Gray when campaign.RollingBack => now,
        _ => null,
    };

    private static TimeSpan? Until(DateTimeOffset? at, DateTimeOffset now) => at is { } instant ? (instant > now ? instant - now : TimeSpan.Zero) : null;
}
