using Sandbox.CodeManagement;

namespace Sandbox.State;

/// <summary>get_auditstatus's status: 0 approved, 1 rejected, 2 in review, 3 withdrawn, 4 delayed.</summary>
public enum AuditStatus
{
    Approved = 0,
    Rejected = 1,
    InReview = 2,
    Withdrawn = 3,
    Delayed = 4,
}

/// <summary>Code as committed from a template: the experience version, and what an audit snapshots at submit_audit.</summary>
public sealed record CodeVersion(
    string ComponentAppId,
    long TemplateId,
    string UserVersion,
    string UserDesc,
    string ExtJson,
    IReadOnlyList<string> Pages,
    DateTimeOffset CommittedAt);

/// <summary>One submit_audit of a mini program; changed only under its <see cref="VersionBook"/>'s lock.</summary>
public sealed class AuditOrder(long auditId, CodeVersion version, DateTimeOffset submittedAt, DateTimeOffset dueAt)
{
    public long AuditId { get; } = auditId;

    public CodeVersion Version { get; } = version;

    public DateTimeOffset SubmittedAt { get; } = submittedAt;

    public AuditStatus Status { get; internal set; } = AuditStatus.InReview;

    /// <summary>The rejection reason (status 1) or the delay reason (status 4).</summary>
    public string? Reason { get; internal set; }

    /// <summary>Rejection screenshots, media ids joined by <c>|</c>.</summary>
    public string? ScreenShot { get; internal set; }

    /// <summary>When the review (or a delayed review) ends by itself.</summary>
    public DateTimeOffset DueAt { get; internal set; } = dueAt;

    public bool Expedited { get; internal set; }

    /// <summary>Released (in full, or by a gray release that reached 100 %): a second release answers 85052.</summary>
    public bool Released { get; internal set; }

    public DateTimeOffset? FinishedAt { get; internal set; }

    /// <summary>The timer that ends the review; replaced on a delay or a speed-up, disposed at the end.</summary>
    internal ITimer? Timer { get; set; }

    public bool IsOpen => Status is AuditStatus.InReview or AuditStatus.Delayed;
}

/// <summary>What a review's end changed, for the event it pushes: the verdict given and, for a delay, when it ends.</summary>
public sealed record AuditOutcome(AuditOrder Audit, AuditVerdict Verdict, DateTimeOffset At);
