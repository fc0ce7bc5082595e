using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>
/// WeChat's reviewers, emulated: each submitted audit ends when due (on the sandbox's clock, so a fake clock drives it)
/// or when the control API decides it, and its weapp_audit_* event is pushed to the platform's message URL.
/// </summary>
public sealed partial class AuditDesk(SandboxWorld world, VersionBook versions, AuditQuotaBook quotas, ILogger<AuditDesk> logger)
{
    private CodeManagementOptions Options => world.Options.CodeManagement;

    /// <summary>submit_audit accepted: the review ends by itself at its due time.</summary>
    public AuditOrder Submit(string componentAppId, string appId)
    {
        var audit = versions.Change(appId, p => p.Submit(versions.NextAuditId(), world.Time.GetUtcNow(), Options.AuditDuration,
            Options.SubmitOverApproved, () => quotas.TryTakeAudit(componentAppId)));
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
            quotas.RefundAudit(componentAppId);
        }
    }

    /// <summary>Decides the account's open review now (the control API, the /sandbox page); false when none is open.</summary>
    public bool Decide(string appId, AuditVerdict verdict, string? reason)
    {
        var latest = versions.Change(appId, p => p.LatestAudit);
        return latest is not null && Review(appId, latest.AuditId, (verdict, reason));
    }

    private void Schedule(string appId, AuditOrder audit)
    {
        var due = audit.DueAt - world.Time.GetUtcNow();
        var wait = due > TimeSpan.Zero ? due : TimeSpan.Zero;
        versions.Change(appId, _ =>
        {
            audit.Timer?.Dispose();
            audit.Timer = world.Time.CreateTimer(_ => Review(appId, audit.AuditId, null), null, wait, Timeout.InfiniteTimeSpan);
            return audit;
        });
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
}
