using Microsoft.Extensions.Logging;

namespace Grains.Campaigns;

public sealed partial class CampaignGrain
{
    [LoggerMessage(EventId = 2901, Level = LogLevel.Information, Message = "Campaign {ComponentAppId}/{CampaignId} started ({Accounts} accounts named; none: every authorized mini program)")]
    private static partial void LogStarted(ILogger logger, string componentAppId, string campaignId, int? accounts);

    [LoggerMessage(EventId = 2902, Level = LogLevel.Information, Message = "Campaign {ComponentAppId}/{CampaignId} enrolled {Accounts} mini programs (enrolment complete: {Complete})")]
    private static partial void LogEnrolled(ILogger logger, string componentAppId, string campaignId, int accounts, bool complete);

    [LoggerMessage(EventId = 2903, Level = LogLevel.Information, Message = "Campaign {ComponentAppId}/{CampaignId}: WeChat leaves {AuditsLeft} audits this month")]
    private static partial void LogAuditQuota(ILogger logger, string componentAppId, string campaignId, int auditsLeft);

    [LoggerMessage(EventId = 2904, Level = LogLevel.Warning, Message = "Campaign {ComponentAppId}/{CampaignId}: the audit quota asked through {AuthorizerAppId} is unknown ({Error}); no audit is submitted until it is asked again, through another account, at {RecheckAt}")]
    private static partial void LogAuditQuotaUnknown(ILogger logger, string componentAppId, string campaignId, string authorizerAppId, string error, DateTimeOffset recheckAt);

    [LoggerMessage(EventId = 2905, Level = LogLevel.Information, Message = "Campaign {ComponentAppId}/{CampaignId} waits for the audit quota until {RecheckAt}")]
    private static partial void LogWaitingForAudits(ILogger logger, string componentAppId, string campaignId, DateTimeOffset? recheckAt);

    [LoggerMessage(EventId = 2906, Level = LogLevel.Warning, Message = "Campaign {ComponentAppId}/{CampaignId}: {AuthorizerAppId} failed at {Stage} (errcode {ErrorCode}: {Reason})")]
    private static partial void LogAccountFailed(ILogger logger, string componentAppId, string campaignId, string authorizerAppId, ReleaseStage stage, int? errorCode, string? reason);

    [LoggerMessage(EventId = 2907, Level = LogLevel.Warning, Message = "Campaign {ComponentAppId}/{CampaignId}: {AuthorizerAppId}'s step from {Stage} got no answer ({Error}); tried again later")]
    private static partial void LogStepUnanswered(ILogger logger, string componentAppId, string campaignId, string authorizerAppId, ReleaseStage stage, string error);

    [LoggerMessage(EventId = 2908, Level = LogLevel.Information, Message = "Campaign {ComponentAppId}/{CampaignId}: {AuthorizerAppId} is now {Stage} (audit event)")]
    private static partial void LogAccountChanged(ILogger logger, string componentAppId, string campaignId, string authorizerAppId, ReleaseStage stage);

    [LoggerMessage(EventId = 2909, Level = LogLevel.Information, Message = "Campaign {ComponentAppId}/{CampaignId} is {Status}")]
    private static partial void LogEnded(ILogger logger, string componentAppId, string campaignId, CampaignStatus status);

    [LoggerMessage(EventId = 2910, Level = LogLevel.Information, Message = "Campaign {ComponentAppId}/{CampaignId} waits for WeChat's daily API quota until {ResetAt}")]
    private static partial void LogWaitingForApiQuota(ILogger logger, string componentAppId, string campaignId, DateTimeOffset? resetAt);
}
