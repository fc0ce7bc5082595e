using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.Api;
using WeChat.Api.Wire;
using WeChat.Options;

namespace Grains.Releases;

/// <summary>
/// One mini program's releases: the stage machine of the contract, kept from the platform's own code-management calls
/// and from WeChat's audit events. Each step is done at most once per campaign: its intent is written before WeChat
/// hears of it and its outcome after, so a repeat answers the recorded outcome, and a step whose intent is stored
/// without an outcome (a crash, an answer that never came) asks WeChat where the code stands before sending again.
/// A failure keeps the stage WeChat holds beside it, so a retry repeats the failed step. An audit left without an event
/// for too long is settled from WeChat's audit status (see <see cref="ReleaseOptions"/>).
/// Non-reentrant: an audit event waits for a step in flight, and the step's answer is written first.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed partial class MiniProgramReleaseGrain(
    [PersistentState("release", GrainStorage.Name)] IPersistentState<ReleaseState> state,
    ICodeManagementApi wechat,
    IOptions<WeChatOptions> wechatOptions,
    IOptions<ReleaseOptions> releaseOptions,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    ILogger<MiniProgramReleaseGrain> logger) : Grain, IMiniProgramReleaseGrain, IRemindable
{
    private const int CodeManagementPermissionSet = 18;

    /// <summary>How far WeChat's clock may be from this silo's when a step's time is compared with WeChat's.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    private DurableState<ReleaseState>? _store;

    private DurableState<ReleaseState> Store => _store ??= new(state, this);

    private (string ComponentAppId, string AuthorizerAppId) Key => AuthorizerKey.Parse(this.GetPrimaryKeyString());

    private IAuthorizerGrain Authorizer => GrainFactory.GetGrain<IAuthorizerGrain>(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between a state write and telling the outbox or the campaign leaves it for the next activation.
        if (HasSomethingToTell)
        {
            await HandOverAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Store.FlushAsync();

    public Task<MiniProgramRelease> GetAsync() => Task.FromResult(Current());

    public Task<ReleaseStepResult> CommitAsync(ReleaseCommit commit)
    {
        if (state.State.HasDone(commit.CampaignId, ReleaseSteps.Commit))
        {
            return Task.FromResult(Result(ReleaseStepStatus.Done));
        }

        if (HeldByAnother(commit.CampaignId) is { } holder)
        {
            return Task.FromResult(Refused($"{Key.AuthorizerAppId} is in campaign {holder} (stage {state.State.Stage}); retry once that campaign has released or left it"));
        }

        return RunAsync(new Step(commit.CampaignId, ReleaseSteps.Commit,
            Send: token => wechat.CommitAsync(token, new CodeCommitRequest(commit.TemplateId, commit.ExtJson, commit.UserVersion, commit.UserDesc)),
            Happened: async token => (await wechat.GetVersionInfoAsync(token)).Experience?.Version == commit.UserVersion,
            Done: s =>
            {
                s.Stage = ReleaseStage.Committed;
                s.TemplateId = commit.TemplateId;
                s.UserVersion = commit.UserVersion;
                s.AuditId = null;
                s.SubmittedAt = null;
            }));
    }

    public Task<ReleaseStepResult> SubmitAuditAsync(string campaignId, string? auditJson)
    {
        // After WeChat rejected this campaign's audit, a submit (the campaign's /retry) is a new audit of the same code.
        var resubmit = state.State.CampaignId == campaignId && state.State.Stage == ReleaseStage.AuditFailed;
        if (state.State.HasDone(campaignId, ReleaseSteps.Submit) && !resubmit)
        {
            return Task.FromResult(Result(ReleaseStepStatus.Done));
        }

        if (!state.State.HasDone(campaignId, ReleaseSteps.Commit))
        {
            return Task.FromResult(Refused($"campaign {campaignId} has not committed code to {Key.AuthorizerAppId}"));
        }

        AuditStatusResponse? adopted = null;
        long? auditId = null;
        return RunAsync(new Step(campaignId, ReleaseSteps.Submit,
            Send: async token => auditId = (await wechat.SubmitAuditAsync(token, auditJson)).AuditId,
            Happened: async token => (adopted = await OurLatestAuditAsync(token)) is not null,
            Done: s =>
            {
                s.Stage = adopted is null ? ReleaseStage.Auditing : StageOf(adopted);
                s.AuditId = auditId ?? adopted?.AuditId;
                s.Reason = adopted?.Reason is { Length: > 0 } reason && s.Stage != ReleaseStage.Approved ? reason : null;
                s.SubmittedAt = s.Intent?.StartedAt ?? time.GetUtcNow();
            },
            // 85009: an audit is open. Ours if WeChat's latest audit was submitted since the intent (its answer was lost).
            OnRefusal: async (error, token) => error.ErrorCode != WeChatErrorCodes.AuditInProgress ? RefusalMeaning.Refused
                : (adopted = await OurLatestAuditAsync(token)) is not null ? RefusalMeaning.AlreadyDone
                : RefusalMeaning.Busy));
    }

    public Task<ReleaseStepResult> ReleaseAsync(string campaignId, int? grayPercentage)
    {
        var step = grayPercentage is { } percentage ? ReleaseSteps.Gray(percentage) : ReleaseSteps.Release;
        if (state.State.HasDone(campaignId, step))
        {
            return Task.FromResult(Result(ReleaseStepStatus.Done));
        }

        if (state.State.CampaignId != campaignId || state.State.Stage is not (ReleaseStage.Approved or ReleaseStage.Gray))
        {
            return Task.FromResult(Refused($"campaign {campaignId} has no approved version on {Key.AuthorizerAppId} (stage {state.State.Stage})"));
        }

        if (grayPercentage is { } share)
        {
            return RunAsync(new Step(campaignId, step,
                Send: token => wechat.GrayReleaseAsync(token, new GrayReleaseRequest(share)),
                Happened: token => GrayPlanReachesAsync(token, share),
                Done: s => s.Stage = ReleaseStage.Gray,
                // 85082: the plan already reaches at least this share (a repeat whose answer was lost).
                OnRefusal: (error, _) => Task.FromResult(error.ErrorCode == WeChatErrorCodes.GrayPercentageTooLow ? RefusalMeaning.AlreadyDone : RefusalMeaning.Refused)));
        }

        return RunAsync(new Step(campaignId, step,
            Send: token => wechat.ReleaseAsync(token),
            Happened: async token => (await wechat.GetVersionInfoAsync(token)).Online?.Version == state.State.UserVersion,
            Done: s => s.Stage = ReleaseStage.Released,
            OnRefusal: (error, _) => Task.FromResult(error.ErrorCode == WeChatErrorCodes.AlreadyReleased ? RefusalMeaning.AlreadyDone : RefusalMeaning.Refused)));
    }

    public Task<ReleaseStepResult> RevertAsync(string campaignId)
    {
        if (state.State.HasDone(campaignId, ReleaseSteps.Revert))
        {
            return Task.FromResult(Result(ReleaseStepStatus.Done));
        }

        if (state.State.CampaignId != campaignId || state.State.Stage is not (ReleaseStage.Released or ReleaseStage.Gray))
        {
            return Task.FromResult(Refused($"campaign {campaignId} has released nothing on {Key.AuthorizerAppId} (stage {state.State.Stage})"));
        }

        if (state.State.Stage == ReleaseStage.Gray)
        {
            // WeChat refuses revertcoderelease while a gray release runs (87011): the gray plan is cancelled instead,
            // which takes its users back to the version online before it. WeChat cannot tell whether a plan was cancelled.
            return RunAsync(new Step(campaignId, ReleaseSteps.Revert,
                Send: token => wechat.RevertGrayReleaseAsync(token),
                Happened: null,
                Done: s => s.Stage = ReleaseStage.Reverted));
        }

        return RunAsync(new Step(campaignId, ReleaseSteps.Revert,
            Send: token => wechat.RevertCodeReleaseAsync(token),
            Happened: async token => (await wechat.GetVersionInfoAsync(token)).Online?.Version != state.State.UserVersion,
            Done: s => s.Stage = ReleaseStage.Reverted));
    }

    /// <summary>
    /// The other campaign whose release is under way on the account (committed, in audit or approved): its audit and
    /// release would be lost to a new commit, so the account stays with it. An account that failed in it is free.
    /// </summary>
    private string? HeldByAnother(string campaignId) =>
        state.State is { CampaignId: { } holder, FailedStep: null, Stage: ReleaseStage.Committed or ReleaseStage.Auditing or ReleaseStage.AuditDelayed or ReleaseStage.Approved }
        && holder != campaignId
            ? holder
            : null;

    /// <summary>WeChat's latest audit, when it is the one this grain's pending submit intent sent.</summary>
    private async Task<AuditStatusResponse?> OurLatestAuditAsync(string token)
    {
        if (state.State.Intent is not { } intent)
        {
            return null;
        }

        AuditStatusResponse latest;
        try
        {
            latest = await wechat.GetLatestAuditStatusAsync(token);
        }
        catch (WeChatApiException ex) when (ex.ErrorCode == WeChatErrorCodes.NoAudit)
        {
            return null;
        }

        var submittedAt = latest.SubmitAuditTime is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        return latest.Status != AuditStatusCodes.Withdrawn
            && submittedAt >= intent.StartedAt - ClockTolerance
            && (latest.UserVersion is null || latest.UserVersion == state.State.UserVersion)
                ? latest
                : null;
    }

    /// <summary>
    /// Whether WeChat's gray release plan already reaches <paramref name="share"/> for this campaign: widening a plan
    /// keeps its creation time, so a first gray release counts only with a plan created since the step's intent.
    /// </summary>
    private async Task<bool> GrayPlanReachesAsync(string token, int share)
    {
        if (state.State.Intent is not { } intent)
        {
            return false;
        }

        var plan = (await wechat.GetGrayReleasePlanAsync(token)).Plan;
        return plan is { Status: GrayPlanStatusCodes.Running or GrayPlanStatusCodes.Finished } && plan.Percentage >= share
            && (state.State.Stage == ReleaseStage.Gray || DateTimeOffset.FromUnixTimeSeconds(plan.CreatedAt) >= intent.StartedAt - ClockTolerance);
    }

    private static ReleaseStage StageOf(AuditStatusResponse audit) => audit.Status switch
    {
        AuditStatusCodes.Approved => ReleaseStage.Approved,
        AuditStatusCodes.Rejected => ReleaseStage.AuditFailed,
        AuditStatusCodes.Delayed => ReleaseStage.AuditDelayed,
        _ => ReleaseStage.Auditing,
    };

    private MiniProgramRelease Current()
    {
        var s = state.State;
        return new MiniProgramRelease(Key.ComponentAppId, Key.AuthorizerAppId, s.TemplateId, s.UserVersion, ShownStage(s), s.AuditId, s.Reason, s.ErrorCode,
            s.CampaignId, s.UpdatedAt, s.Stage, s.FailedStep);
    }

    /// <summary>The contract's stage: <c>failed</c> while a step failed, else where the code stands.</summary>
    private static ReleaseStage ShownStage(ReleaseState s) => s.FailedStep is null ? s.Stage : ReleaseStage.Failed;

    private ReleaseStepResult Result(ReleaseStepStatus status, int? errorCode = null, string? reason = null, TimeSpan? retryAfter = null) =>
        new(status, Current(), errorCode, reason, retryAfter);

    /// <summary>A step asked out of order: the campaign hears why, and nothing changes.</summary>
    private ReleaseStepResult Refused(string reason) => Result(ReleaseStepStatus.Failed, reason: reason);
}
