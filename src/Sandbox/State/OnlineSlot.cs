using Sandbox.CodeManagement;
using Sandbox.Endpoints;

namespace Sandbox.State;

/// <summary>A version that went online; app_version numbers them per mini program.</summary>
public sealed record OnlineVersion(long AppVersion, AuditOrder Audit, DateTimeOffset ReleasedAt)
{
    public CodeVersion Code => Audit.Version;
}

/// <summary>getgrayreleaseplan's plan; status 0 initial, 1 running, 2 paused, 3 finished, 4 deleted.</summary>
public sealed record GrayPlan(int Status, DateTimeOffset CreatedAt, int Percentage, bool DebuggerFirst, bool ExperiencerFirst, AuditOrder Audit)
{
    public const int Running = 1;
    public const int Finished = 3;
    public const int Deleted = 4;
}

/// <summary>
/// The online side of a mini program (线上版): the current version, the last five released or rolled back for
/// revertcoderelease, and the gray-release plan. Changed only under its <see cref="VersionBook"/>'s lock.
/// </summary>
public sealed class OnlineSlot
{
    public const int HistoryLength = 5;

    private readonly List<OnlineVersion> _history = [];
    private long _lastAppVersion;

    public OnlineVersion? Current { get; private set; }

    /// <summary>Set when <see cref="Current"/> came from a rollback: it cannot be rolled back again.</summary>
    public bool CurrentIsRollback { get; private set; }

    public GrayPlan? Gray { get; private set; }

    public bool GrayRunning => Gray?.Status == GrayPlan.Running;

    public IReadOnlyList<OnlineVersion> History => _history;

    /// <summary>release: the latest audit must be approved (85020) and not released yet (85052); none at all is 85019.</summary>
    public OnlineVersion Release(AuditOrder? latest, DateTimeOffset now)
    {
        var audit = ApprovedUnreleased(latest, CodeErrors.NoVersionAuditing, CodeErrors.StatusNotAllowed);
        if (GrayRunning)
        {
            Gray = Gray! with { Status = GrayPlan.Finished };
        }

        return Publish(audit, now);
    }

    /// <summary>grayrelease: needs a version online (85079) and an approved, unreleased audit (85080); each step goes higher (85082).</summary>
    public GrayPlan StartGray(AuditOrder? latest, int percentage, bool debuggerFirst, bool experiencerFirst, bool fullPublishes, DateTimeOffset now)
    {
        if (percentage is < 0 or > 100)
        {
            throw new SandboxApiError(CodeErrors.InvalidGrayPercentage);
        }

        if (percentage == 0 && !debuggerFirst && !experiencerFirst)
        {
            throw new SandboxApiError(CodeErrors.InvalidArgs);
        }

        if (Current is null)
        {
            throw new SandboxApiError(CodeErrors.NoOnlineRelease);
        }

        var audit = ApprovedUnreleased(latest, CodeErrors.CommitNotApproved, CodeErrors.CommitNotApproved);
        var continuing = GrayRunning && Gray!.Audit == audit;
        if (continuing && percentage <= Gray!.Percentage)
        {
            throw new SandboxApiError(CodeErrors.GrayPercentageTooLow);
        }

        Gray = new GrayPlan(GrayPlan.Running, continuing ? Gray!.CreatedAt : now, percentage, debuggerFirst, experiencerFirst, audit);
        if (percentage == 100 && fullPublishes)
        {
            Gray = Gray with { Status = GrayPlan.Finished };
            Publish(audit, now);
        }

        return Gray;
    }

    /// <summary>revertgrayrelease: the plan is deleted and everyone is back on the current version; nothing running is 40097.</summary>
    public void RevertGray()
    {
        if (!GrayRunning)
        {
            throw new SandboxApiError(CodeErrors.InvalidArgs);
        }

        Gray = Gray! with { Status = GrayPlan.Deleted };
    }

    /// <summary>
    /// revertcoderelease: back to <paramref name="appVersion"/> or the version before the current one; refused during a gray
    /// release (87011), with nothing to go back to or from a version that is itself a rollback (87012).
    /// </summary>
    public OnlineVersion Revert(long? appVersion)
    {
        if (GrayRunning)
        {
            throw new SandboxApiError(CodeErrors.GrayReleaseInProgress);
        }

        var index = Current is null ? -1 : _history.IndexOf(Current);
        if (Current is null || CurrentIsRollback || index <= 0)
        {
            throw new SandboxApiError(CodeErrors.ForbidRevert);
        }

        var target = appVersion is { } wanted
            ? _history.Find(v => v.AppVersion == wanted && v != Current) ?? throw new SandboxApiError(CodeErrors.InvalidArgs)
            : _history[index - 1];
        Current = target;
        CurrentIsRollback = true;
        return target;
    }

    private static AuditOrder ApprovedUnreleased(AuditOrder? latest, int noAudit, int notApproved)
    {
        var audit = latest ?? throw new SandboxApiError(noAudit);
        if (audit.Status != AuditStatus.Approved)
        {
            throw new SandboxApiError(notApproved);
        }

        return audit.Released ? throw new SandboxApiError(CodeErrors.AlreadyReleased) : audit;
    }

    private OnlineVersion Publish(AuditOrder audit, DateTimeOffset now)
    {
        audit.Released = true;
        var version = new OnlineVersion(++_lastAppVersion, audit, now);
        _history.Add(version);
        if (_history.Count > HistoryLength)
        {
            _history.RemoveAt(0);
        }

        Current = version;
        CurrentIsRollback = false;
        return version;
    }
}
