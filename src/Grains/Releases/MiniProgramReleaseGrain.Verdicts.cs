namespace Grains.Releases;

public sealed partial class MiniProgramReleaseGrain
{
    /// <summary>
    /// Applies an audit event. WeChat's events carry no audit id, so an event counts for the latest audit unless it is
    /// older than its submission; it also settles a submit whose answer was never written (the event proves the audit
    /// exists, so the submit is not sent again). A repeated event, a late delay after the verdict, an event about
    /// code already released and the event of a verdict already read from WeChat's audit status change nothing.
    /// </summary>
    public Task OnAuditVerdictAsync(AuditVerdict verdict) => ApplyVerdictAsync(verdict, asked: false);

    /// <summary>An audit verdict from its event, or <paramref name="asked"/> of WeChat's audit status when the event did not come.</summary>
    private async Task ApplyVerdictAsync(AuditVerdict verdict, bool asked)
    {
        if (Ignored(state.State, verdict) is { } why)
        {
            LogVerdictIgnored(logger, Key.ComponentAppId, Key.AuthorizerAppId, verdict.Outcome, why);
            return;
        }

        var now = time.GetUtcNow();
        var wasPending = state.State.AuditPending;
        await Store.WriteAsync(s =>
        {
            if (Ignored(s, verdict) is not null)
            {
                return false;
            }

            if (s.Intent is { Step: ReleaseSteps.Submit } intent)
            {
                s.SubmittedAt = intent.StartedAt;
                s.Intent = null;
                if (s.CampaignId == intent.CampaignId && !s.DoneSteps.Contains(ReleaseSteps.Submit))
                {
                    s.DoneSteps.Add(ReleaseSteps.Submit);
                }
            }

            s.Stage = verdict.Outcome switch
            {
                AuditOutcome.Approved => ReleaseStage.Approved,
                AuditOutcome.Rejected => ReleaseStage.AuditFailed,
                _ => ReleaseStage.AuditDelayed,
            };
            s.Reason = verdict.Outcome == AuditOutcome.Approved ? null : verdict.Reason;
            s.ErrorCode = null;
            s.FailedStep = null;
            s.Retries = null;
            s.LastVerdict = verdict.Outcome;
            s.LastVerdictAt = verdict.At;
            s.VerdictAsked = asked;
            s.UpdatedAt = now;
            s.CampaignNoticePending = s.CampaignId is not null && s.DoneSteps.Contains(ReleaseSteps.Submit);
            RecordChange(s, now);
            return true;
        });
        LogVerdict(logger, Key.ComponentAppId, Key.AuthorizerAppId, verdict.Outcome, state.State.CampaignId);
        await HandOverAsync();
        await WatchAuditAsync(wasPending);
    }

    /// <summary>Why an event changes nothing, or null when it applies.</summary>
    private static string? Ignored(ReleaseState s, AuditVerdict verdict)
    {
        if (s.LastVerdict == verdict.Outcome && s.LastVerdictAt == verdict.At)
        {
            return "a repeat of the event last applied";
        }

        if (s.SubmittedAt is { } submittedAt && verdict.At < submittedAt - ClockTolerance)
        {
            return "older than the latest submission";
        }

        if (s.VerdictAsked && s.LastVerdict == verdict.Outcome)
        {
            return "already applied from WeChat's audit status";
        }

        if (s.Stage is ReleaseStage.Released or ReleaseStage.Gray or ReleaseStage.Reverted && s.Intent is not { Step: ReleaseSteps.Submit })
        {
            return "the audited code is already released";
        }

        // A campaign that committed but has not submitted: the event is about an earlier audit, not of its code.
        if (s.CampaignId is not null && !s.DoneSteps.Contains(ReleaseSteps.Submit) && s.Intent is not { Step: ReleaseSteps.Submit })
        {
            return "the current campaign has not submitted an audit";
        }

        var verdictSinceSubmit = s.LastVerdict is AuditOutcome.Approved or AuditOutcome.Rejected
            && (s.SubmittedAt is not { } submitted || s.LastVerdictAt >= submitted - ClockTolerance);
        if (verdictSinceSubmit && (verdict.Outcome == AuditOutcome.Delayed || verdict.At < s.LastVerdictAt))
        {
            return "the audit already has a later verdict";
        }

        return null;
    }
}
