using WeChat.Api;
using WeChat.Api.Quotas;

namespace Grains.Releases;

/// <summary>What a WeChat failure of a release step means for the account and its campaign.</summary>
internal static class ReleaseOutcomes
{
    /// <summary>61039 (the privacy scan after a commit is still running), busy answers, an unanswered call.</summary>
    public static readonly TimeSpan ShortWait = TimeSpan.FromMinutes(1);

    /// <summary>85009 for an audit the platform did not submit: someone else's audit has to end first.</summary>
    public static readonly TimeSpan ForeignAuditWait = TimeSpan.FromMinutes(30);

    /// <summary>How a failed call ends the step; <c>Answered</c> is false when WeChat's answer never came, so the step may have happened.</summary>
    public static (ReleaseStepStatus Status, TimeSpan? RetryAfter, bool Answered) Of(WeChatApiException error, DateTimeOffset now) => error switch
    {
        { ErrorCode: null } => (ReleaseStepStatus.RetryLater, ShortWait, false),
        { ErrorCode: WeChatErrorCodes.DailyQuotaReached } => (ReleaseStepStatus.RetryLater, QuotaResetsAt(error, now) - now, true),
        { ErrorCode: WeChatErrorCodes.AuditQuotaReached } => (ReleaseStepStatus.StopWave, null, true),
        { ErrorCode: WeChatErrorCodes.PrivacyScanPending } => (ReleaseStepStatus.RetryLater, ShortWait, true),
        { Kind: WeChatErrorKind.Transient or WeChatErrorKind.Quota or WeChatErrorKind.TokenRejected } => (ReleaseStepStatus.RetryLater, ShortWait, true),
        _ => (ReleaseStepStatus.Failed, null, true),
    };

    /// <summary>A 45009 from WeChat, or the platform's own refusal after one: the API's daily quota is back then.</summary>
    public static bool IsQuotaWait(WeChatApiException error) => error.ErrorCode == WeChatErrorCodes.DailyQuotaReached;

    private static DateTimeOffset QuotaResetsAt(WeChatApiException error, DateTimeOffset now) =>
        error.RefusedUntil is { } until && until > now ? until : BeijingDay.NextMidnight(now);

    /// <summary>
    /// The reason an account fails with: what the errcode means where WeChat's errmsg says little, and never the
    /// errmsg's per-call suffix (the same failure on many accounts must read the same to be grouped).
    /// </summary>
    public static string Reason(WeChatApiException error) => error.ErrorCode switch
    {
        WeChatErrorCodes.MiniProgramNotInitialized => "the mini program has not completed its initialization (name, avatar, introduction) (86002)",
        WeChatErrorCodes.MustCommitBeforeAudit => "WeChat sees no committed code to audit; it also answers this when the privacy guide is not set (85086)",
        WeChatErrorCodes.NavigateTargetsUndeclared => "the code navigates to mini programs that ext_json does not declare (85087)",
        WeChatErrorCodes.NotMiniProgram => "the account is not a mini program (85015)",
        WeChatErrorCodes.ApiNotAuthorizedToComponent or WeChatErrorCodes.ApiUnauthorized =>
            $"the account has not granted the platform code management (permission set 18) ({error.ErrorCode})",
        WeChatErrorCodes.ComponentNotAuthorized => "the account no longer authorizes the platform (61003)",
        { } code => $"{error.StableErrorMessage} ({code})",
        null => error.StableErrorMessage,
    };
}
