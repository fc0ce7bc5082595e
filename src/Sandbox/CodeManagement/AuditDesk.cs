using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>
/// WeChat's reviewers, emulated: each submitted audit ends when due (on the sandbox's clock, so a fake clock drives it)
/// or when the control API decides it, and its weapp_audit_* event is pushed to the platform's message URL.
/// </summary>
public sealed partial class AuditDesk(SandboxWorld world, VersionBook versions, AuditQuotaBook quotas, ILogger<AuditDesk> logger)
{
    private CodeManagementOptions Options => world.Options.CodeManagement;

    /// <summary>submit_audit, its request checked against the experience version it submits; accepted, the review ends by itself at its due time.</summary>
    public AuditOrder Submit(string componentAppId, string appId, Action<CodeVersion> checkRequest)
    {
        var audit = versions.Change(appId, p => p.Submit(versions.NextAuditId(), world.Time.GetUtcNow(), Options.AuditDuration,
            Options.SubmitOverApproved, checkRequest, () => quotas.TryTakeAudit(componentAppId)));
        Schedule(appId, audit);
        return audit;
    }

    public AuditOrder Speedup(string componentAppId, string appId, long auditId)
    {
        var audit = versions.Change(appId, p => p.Speedup(auditId, world.Time.GetUtcNow(), Options.ExpeditedAuditDuration,
            () => quotas.TryTakeSpeedup(componentAppId)));
        Schedule(appId, audit);
        return audit;
    }

    public void Undo(string componentAppId, string appId)
    {
        var audit = versions.Change(appId, p => p.Undo(BeijingTime.Today(world.Time), Options.UndoPerDay, Options.UndoPerMonth, world.Time.GetUtcNow()));
        audit.Timer?.Dispose();
        if (Options.RefundQuotaOnUndo)
        {
            quotas.RefundAudit(componentAppId, audit.SubmittedAt);
        }
    }

    /// <summary>Decides the account's open review now (the control API, the /sandbox page); false when none is open.</summary>
    public bool Decide(string appId, AuditVerdict verdict, string? reason)
    {
        var latest = versions.Change(appId, p => p.LatestAudit);
        return latest is not null && Review(appId, latest.AuditId, (verdict, reason));
    }

    /// <summary>
    /// Arms the review's timer outside the book's lock: a review already due (or a fake clock's zero wait) runs its
    /// callback at once, and that callback takes the lock itself.
    /// </summary>
    private void Schedule(string appId, AuditOrder audit)
    {
        var timer = world.Time.CreateTimer(_ => ReviewWhenDue(appId, audit.AuditId), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var replaced = versions.Change(appId, _ =>
        {
            var previous = audit.Timer;
            audit.Timer = timer;
            return previous;
        });
        replaced?.Dispose();

        var due = audit.DueAt - world.Time.GetUtcNow();
        try
        {
            timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A newer schedule of this audit replaced the timer meanwhile; that one reviews it.
        }
    }

    /// <summary>A timer's callback has no caller to tell: a failure is logged, and the control API can still decide the review.</summary>
    private void ReviewWhenDue(string appId, long auditId)
    {
        try
        {
            // A timer can fire a moment before the wall clock reaches the due instant, and the review then finds the
            // audit not yet due: armed again for what is left, or the audit would stay open for ever.
            if (!Review(appId, auditId, null) && versions.Change(appId, p => p.LatestAudit) is { IsOpen: true } open && open.AuditId == auditId)
            {
                Schedule(appId, open);
            }
        }
        catch (Exception ex)
        {
            LogReviewFailed(logger, appId, auditId, ex);
        }
    }

    private bool Review(string appId, long auditId, (AuditVerdict, string?)? decision)
    {
        var outcome = versions.Change(appId, p => p.Review(auditId, decision, world.Time.GetUtcNow(), Options));
        if (outcome is null)
        {
            return false;
        }

        if (outcome.Audit.IsOpen)
        {
            Schedule(appId, outcome.Audit);
        }
        else
        {
            outcome.Audit.Timer?.Dispose();
        }

        Push(appId, outcome);
        return true;
    }

    private void Push(string appId, AuditOutcome outcome)
    {
        var component = world.Options.FindComponent(outcome.Audit.Version.ComponentAppId);
        var account = world.FindAccount(appId);
        if (component is null || account is null)
        {
            return;
        }

        var name = AuditEvent.Name(outcome.Verdict);
        LogAuditEnded(logger, appId, outcome.Audit.AuditId, name);
        var xml = AuditEvent.Xml(account.UserName, outcome);
        world.PushInBackground(name, ct => world.Pusher.PushAccountEventAsync(component, appId, account.UserName, name, xml, ct));
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Sandbox review of mini program {AppId}, audit {AuditId}: {Event}")]
    private static partial void LogAuditEnded(ILogger logger, string appId, long auditId, string @event);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Sandbox review of mini program {AppId}, audit {AuditId}: ending it when due failed")]
    private static partial void LogReviewFailed(ILogger logger, string appId, long auditId, Exception exception);
}
