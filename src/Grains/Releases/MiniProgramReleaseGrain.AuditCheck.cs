using WeChat.Api;
using WeChat.Api.Wire;

namespace Grains.Releases;

public sealed partial class MiniProgramReleaseGrain
{
    private const string AuditCheckReminder = "audit-check";

    /// <summary>
    /// Audit events can be lost. While an audit is pending, a reminder (it outlives the activation and the silo) asks
    /// WeChat for the audit's status once it has gone <see cref="ReleaseOptions.AuditCheckAfter"/> without an event,
    /// then every <see cref="ReleaseOptions.AuditCheckPeriod"/>; a verdict read there is applied as its event would be.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != AuditCheckReminder)
        {
            return;
        }

        var s = state.State;
        if (!s.AuditPending)
        {
            await StopWatchingAuditAsync();
            return;
        }

        var since = PendingSince(s);
        if (time.GetUtcNow() < since + releaseOptions.Value.AuditCheckAfter)
        {
            return;
        }

        if (await AskAuditVerdictAsync(since) is { } verdict)
        {
            await ApplyVerdictAsync(verdict, asked: true);
        }
    }

    /// <summary>Arms the audit check while an audit is pending (from its submission or its last delay), and removes it when the audit ended.</summary>
    private async Task WatchAuditAsync(bool wasPending = false)
    {
        if (state.State.AuditPending)
        {
            var due = PendingSince(state.State) + releaseOptions.Value.AuditCheckAfter - time.GetUtcNow();
            await this.RegisterOrUpdateReminder(AuditCheckReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, releaseOptions.Value.AuditCheckPeriod);
        }
        else if (wasPending)
        {
            await StopWatchingAuditAsync();
        }
    }

    private async Task StopWatchingAuditAsync()
    {
        if (await this.GetReminder(AuditCheckReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>The last sign of the pending audit: its submission, or a delay event after it.</summary>
    private DateTimeOffset PendingSince(ReleaseState s)
    {
        var since = s.SubmittedAt ?? s.UpdatedAt ?? time.GetUtcNow();
        return s is { LastVerdict: AuditOutcome.Delayed, LastVerdictAt: { } delayedAt } && delayedAt > since ? delayedAt : since;
    }

    /// <summary>WeChat's verdict on the pending audit, as its event would have said it; null while it is still in review or WeChat cannot say.</summary>
    private async Task<AuditVerdict?> AskAuditVerdictAsync(DateTimeOffset since)
    {
        AuditStatusResponse audit;
        try
        {
            var token = (await Authorizer.GetTokenAsync()).Value;
            audit = await WithTokenAsync(token, async t => { token = t; return await wechat.GetLatestAuditStatusAsync(t); });
            if (!IsPendingAudit(audit) && state.State.AuditId is { } auditId)
            {
                // A later audit (submitted outside the platform) took the latest place: ours is asked by its id.
                audit = await WithTokenAsync(token, t => wechat.GetAuditStatusAsync(t, auditId));
            }
            else if (!IsPendingAudit(audit))
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is WeChatApiException or PlatformException)
        {
            LogAuditNotAsked(logger, Key.ComponentAppId, Key.AuthorizerAppId, ex is WeChatApiException { ErrorCode: { } code } ? $"errcode {code}" : ex.GetType().Name);
            return null;
        }

        LogAuditAsked(logger, Key.ComponentAppId, Key.AuthorizerAppId, since, audit.Status);
        var now = time.GetUtcNow();
        return audit.Status switch
        {
            AuditStatusCodes.Approved => new AuditVerdict(AuditOutcome.Approved, now, null, null),
            AuditStatusCodes.Rejected => new AuditVerdict(AuditOutcome.Rejected, now, audit.Reason, null),
            AuditStatusCodes.Delayed when state.State.Stage == ReleaseStage.Auditing => new AuditVerdict(AuditOutcome.Delayed, now, audit.Reason, null),
            _ => null,
        };
    }

    /// <summary>Whether WeChat's latest audit is the one this grain waits for: the same id, or (id unknown) submitted since.</summary>
    private bool IsPendingAudit(AuditStatusResponse latest)
    {
        var s = state.State;
        if (s.AuditId is { } id && latest.AuditId is { } latestId)
        {
            return id == latestId;
        }

        return s.SubmittedAt is not { } submittedAt
            || latest.SubmitAuditTime is { } seconds && DateTimeOffset.FromUnixTimeSeconds(seconds) >= submittedAt - ClockTolerance;
    }
}
