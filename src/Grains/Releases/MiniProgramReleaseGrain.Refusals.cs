using WeChat.Api;

namespace Grains.Releases;

public sealed partial class MiniProgramReleaseGrain
{
    private async Task<ReleaseStepResult> RefusedByWeChatAsync(Step step, WeChatApiException error, bool sent)
    {
        var (status, retryAfter, answered) = ReleaseOutcomes.Of(error, time.GetUtcNow());
        var reason = ReleaseOutcomes.Reason(error);
        LogRefused(logger, Key.ComponentAppId, Key.AuthorizerAppId, step.CampaignId, step.Name, error.ErrorCode, status);
        return status == ReleaseStepStatus.Failed
            ? await FailAsync(step, error.ErrorCode, reason)
            // A quota wait ends when the quota comes back and 85085 stops the whole wave: neither is the account's attempt.
            : await NotNowAsync(step, error.ErrorCode, reason, status, retryAfter, answered: sent && answered,
                counted: status == ReleaseStepStatus.RetryLater && !ReleaseOutcomes.IsQuotaWait(error));
    }

    /// <summary>
    /// The step did not happen now. The errcode and reason are kept; the intent goes once WeChat answered (so the step
    /// is known not to have happened), and stays when no answer came (it may have). A step WeChat asked to retry
    /// <see cref="ReleaseOptions.StepAttempts"/> times in a row fails the account with the last errcode and reason.
    /// </summary>
    private async Task<ReleaseStepResult> NotNowAsync(Step step, int? errorCode, string reason, ReleaseStepStatus status, TimeSpan? retryAfter,
        bool answered, bool counted = true)
    {
        var attempts = (state.State.Retries is { } retries && retries.Is(step.CampaignId, step.Name) ? retries.Attempts : 0) + 1;
        if (counted && attempts >= releaseOptions.Value.StepAttempts)
        {
            LogAttemptsUsedUp(logger, Key.ComponentAppId, Key.AuthorizerAppId, step.CampaignId, step.Name, attempts, errorCode);
            return await FailAsync(step, errorCode, reason, keepIntent: !answered);
        }

        await Store.WriteAsync(s =>
        {
            s.ErrorCode = errorCode;
            s.Reason = reason;
            if (answered)
            {
                s.Intent = null;
            }

            if (counted)
            {
                s.Retries = new StepRetries { CampaignId = step.CampaignId, Step = step.Name, Attempts = attempts };
            }

            return true;
        });
        return Result(status, errorCode, reason, retryAfter);
    }

    /// <summary>
    /// The account fails in the step's campaign. The stage stays where WeChat has the code, so the campaign's retry
    /// repeats this step; the intent stays when WeChat never answered (a retry asks WeChat before sending again).
    /// </summary>
    private async Task<ReleaseStepResult> FailAsync(Step step, int? errorCode, string reason, bool keepIntent = false)
    {
        var now = time.GetUtcNow();
        await Store.WriteAsync(s =>
        {
            if (s.CampaignId != step.CampaignId)
            {
                s.CampaignId = step.CampaignId;
                s.DoneSteps = [];
            }

            s.FailedStep = step.Name;
            s.ErrorCode = errorCode;
            s.Reason = reason;
            s.Retries = null;
            if (!keepIntent)
            {
                s.Intent = null;
            }

            s.UpdatedAt = now;
            RecordChange(s, now);
            return true;
        });
        await HandOverAsync();
        return Result(ReleaseStepStatus.Failed, errorCode, reason);
    }

    /// <summary>No token (the account left, or WeChat or storage is unavailable): the account fails, or the step waits.</summary>
    private Task<ReleaseStepResult> NotServedAsync(Step step, PlatformException error) => error.Problem switch
    {
        PlatformProblem.UnknownAuthorizer or PlatformProblem.Unauthorized or PlatformProblem.ReauthorizationRequired =>
            FailAsync(step, null, error.Message),
        _ => Task.FromResult(Result(ReleaseStepStatus.RetryLater, reason: error.Message, retryAfter: error.RetryAfter ?? ReleaseOutcomes.ShortWait)),
    };
}
