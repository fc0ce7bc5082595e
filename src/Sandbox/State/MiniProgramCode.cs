using Sandbox.CodeManagement;
using Sandbox.Endpoints;

namespace Sandbox.State;

/// <summary>
/// One mini program's code as WeChat keeps it (docs/wechat-code-management.md §6): the experience version, its
/// audits (the latest one decides submit, undo and release) and the online slot. Changed only under the
/// <see cref="VersionBook"/>'s lock.
/// </summary>
public sealed class MiniProgramCode(string appId)
{
    private readonly List<AuditOrder> _audits = [];
    private readonly List<DateTimeOffset> _undos = [];

    public string AppId { get; } = appId;

    /// <summary>体验版: the last commit, overwritten by every commit, even during a review (which keeps its snapshot).</summary>
    public CodeVersion? Experience { get; private set; }

    public AuditOrder? LatestAudit => _audits.Count == 0 ? null : _audits[^1];

    public OnlineSlot Online { get; } = new();

    /// <summary>The verdict the control API chose for this account's reviews; null follows the options.</summary>
    public (AuditVerdict Verdict, string? Reason)? DefaultVerdict { get; internal set; }

    public void Commit(CodeVersion version) => Experience = version;

    public AuditOrder Find(long auditId) => _audits.Find(a => a.AuditId == auditId) ?? throw new SandboxApiError(CodeErrors.AuditIdInvalid);

    /// <summary>
    /// submit_audit: needs a commit (85086), a request <paramref name="checkRequest"/> accepts for that code, and no open
    /// review (85009); an approved version not yet released blocks it only when <paramref name="overApproved"/> is false.
    /// <paramref name="takeQuota"/> runs last (85085 when spent).
    /// </summary>
    public AuditOrder Submit(long auditId, DateTimeOffset now, TimeSpan duration, bool overApproved, Action<CodeVersion> checkRequest, Func<bool> takeQuota)
    {
        var experience = Experience ?? throw new SandboxApiError(CodeErrors.MustCommitBeforeSubmit);
        checkRequest(experience);
        if (LatestAudit is { } latest && (latest.IsOpen || (!overApproved && latest.Status == AuditStatus.Approved && !latest.Released)))
        {
            throw new SandboxApiError(CodeErrors.AlreadyAuditing);
        }

        if (!takeQuota())
        {
            throw new SandboxApiError(CodeErrors.AuditQuotaReached);
        }

        var audit = new AuditOrder(auditId, experience, now, now + duration);
        _audits.Add(audit);
        return audit;
    }

    /// <summary>undocodeaudit: only an open review (87012), at most <paramref name="perDay"/> a day and <paramref name="perMonth"/> a month (87013).</summary>
    public AuditOrder Undo(DateOnly today, int perDay, int perMonth, DateTimeOffset now)
    {
        if (LatestAudit is not { IsOpen: true } audit)
        {
            throw new SandboxApiError(CodeErrors.ForbidRevert);
        }

        var days = _undos.Select(BeijingTime.Day).ToList();
        if (days.Count(d => d == today) >= perDay || days.Count(d => d.Year == today.Year && d.Month == today.Month) >= perMonth)
        {
            throw new SandboxApiError(CodeErrors.NoUndoQuota);
        }

        _undos.Add(now);
        audit.Status = AuditStatus.Withdrawn;
        audit.Reason = null;
        audit.FinishedAt = now;
        return audit;
    }

    /// <summary>speedupaudit: an open review (89402) not expedited yet (89404); <paramref name="takeQuota"/> last (89405).</summary>
    public AuditOrder Speedup(long auditId, DateTimeOffset now, TimeSpan duration, Func<bool> takeQuota)
    {
        var audit = Find(auditId);
        if (!audit.IsOpen)
        {
            throw new SandboxApiError(CodeErrors.SpeedupNotInQueue);
        }

        if (audit.Expedited)
        {
            throw new SandboxApiError(CodeErrors.SpeedupAlreadyDone);
        }

        if (!takeQuota())
        {
            throw new SandboxApiError(CodeErrors.SpeedupQuotaReached);
        }

        audit.Expedited = true;
        if (now + duration < audit.DueAt)
        {
            audit.DueAt = now + duration;
        }

        return audit;
    }

    /// <summary>
    /// Ends (or delays) the open review <paramref name="auditId"/>: with <paramref name="decision"/> at once, otherwise
    /// only once it is due, with the account's or the options' verdict. Null when there is nothing to do.
    /// </summary>
    public AuditOutcome? Review(long auditId, (AuditVerdict Verdict, string? Reason)? decision, DateTimeOffset now, CodeManagementOptions options)
    {
        if (_audits.Find(a => a.AuditId == auditId) is not { IsOpen: true } audit || (decision is null && now < audit.DueAt))
        {
            return null;
        }

        var (verdict, reason) = decision ?? DefaultVerdict ?? (options.DefaultVerdict, null);
        if (decision is null && verdict == AuditVerdict.Delay && audit.Status == AuditStatus.Delayed)
        {
            verdict = options.VerdictAfterDelay == AuditVerdict.Reject ? AuditVerdict.Reject : AuditVerdict.Approve;
            reason = null;
        }

        switch (verdict)
        {
            case AuditVerdict.Approve:
                audit.Status = AuditStatus.Approved;
                audit.Reason = null;
                audit.FinishedAt = now;
                break;
            case AuditVerdict.Reject:
                audit.Status = AuditStatus.Rejected;
                audit.Reason = reason ?? options.RejectReason;
                audit.ScreenShot = $"sandbox_screenshot_{auditId}_1|sandbox_screenshot_{auditId}_2";
                audit.FinishedAt = now;
                break;
            default:
                audit.Status = AuditStatus.Delayed;
                audit.Reason = reason ?? options.DelayReason;
                audit.DueAt = now + options.DelayedAuditDuration;
                break;
        }

        return new AuditOutcome(audit, verdict, now);
    }
}
