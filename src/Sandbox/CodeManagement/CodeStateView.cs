using Sandbox.State;

namespace Sandbox.CodeManagement;

/// <summary>A mini program's versions as the control API and the /sandbox page show them.</summary>
public sealed record CodeStateView(
    string AppId,
    string Stage,
    CodeStateView.Version? Experience,
    CodeStateView.Audit? LatestAudit,
    CodeStateView.Version? Online,
    long? OnlineAppVersion,
    CodeStateView.Gray? GrayPlan)
{
    public sealed record Version(long TemplateId, string UserVersion, string UserDesc, DateTimeOffset At);

    public sealed record Audit(long AuditId, AuditStatus Status, string? Reason, string UserVersion, DateTimeOffset SubmittedAt, DateTimeOffset DueAt, bool Released);

    public sealed record Gray(int Status, int Percentage, string UserVersion);

    /// <summary>Read under the book's lock.</summary>
    public static CodeStateView From(MiniProgramCode program)
    {
        var audit = program.LatestAudit;
        var online = program.Online.Current;
        return new CodeStateView(
            program.AppId,
            StageOf(program),
            program.Experience is { } e ? new Version(e.TemplateId, e.UserVersion, e.UserDesc, e.CommittedAt) : null,
            audit is null ? null : new Audit(audit.AuditId, audit.Status, audit.Reason, audit.Version.UserVersion, audit.SubmittedAt, audit.DueAt, audit.Released),
            online is null ? null : new Version(online.Code.TemplateId, online.Code.UserVersion, online.Code.UserDesc, online.ReleasedAt),
            online?.AppVersion,
            program.Online.Gray is { } g ? new Gray(g.Status, g.Percentage, g.Audit.Version.UserVersion) : null);
    }

    // The most pressing fact first: a running gray release, a review, its verdict, what is online, what is committed.
    private static string StageOf(MiniProgramCode program)
    {
        var audit = program.LatestAudit;
        var committedSinceAudit = program.Experience is { } e && (audit is null || e.CommittedAt > audit.SubmittedAt);
        return (program.Online.GrayRunning, audit?.Status, audit?.Released ?? false) switch
        {
            (true, _, _) => "gray",
            (_, AuditStatus.InReview, _) => "auditing",
            (_, AuditStatus.Delayed, _) => "audit_delayed",
            _ when committedSinceAudit => "committed",
            (_, AuditStatus.Rejected, _) => "audit_failed",
            (_, AuditStatus.Approved, false) => "approved",
            (_, AuditStatus.Withdrawn, _) => "withdrawn",
            _ when program.Online.Current is not null => program.Online.CurrentIsRollback ? "reverted" : "released",
            _ => "none",
        };
    }
}
