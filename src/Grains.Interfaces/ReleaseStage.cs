namespace Grains.Interfaces;

/// <summary>Where a mini program stands in releasing a version (the contract's <c>stage</c>, snake_case there).</summary>
public enum ReleaseStage
{
    None,
    Committed,
    Auditing,
    AuditDelayed,
    AuditFailed,
    Approved,
    Released,
    Gray,
    Reverted,
    Failed,
}
