using Microsoft.Extensions.Logging;

namespace Grains.Releases;

public sealed partial class MiniProgramReleaseGrain
{
    [LoggerMessage(EventId = 2801, Level = LogLevel.Warning, Message = "WeChat refused step {Step} of campaign {CampaignId} for {ComponentAppId}/{AuthorizerAppId} (errcode {ErrorCode}): {Status}")]
    private static partial void LogRefused(ILogger logger, string componentAppId, string authorizerAppId, string campaignId, string step, int? errorCode, ReleaseStepStatus status);

    [LoggerMessage(EventId = 2802, Level = LogLevel.Information, Message = "Step {Step} of campaign {CampaignId} for {ComponentAppId}/{AuthorizerAppId} had happened before its answer was written; not sent again")]
    private static partial void LogRecovered(ILogger logger, string componentAppId, string authorizerAppId, string campaignId, string step);

    [LoggerMessage(EventId = 2803, Level = LogLevel.Information, Message = "Audit event {Outcome} applied for {ComponentAppId}/{AuthorizerAppId} (campaign {CampaignId})")]
    private static partial void LogVerdict(ILogger logger, string componentAppId, string authorizerAppId, AuditOutcome outcome, string? campaignId);

    [LoggerMessage(EventId = 2804, Level = LogLevel.Debug, Message = "Audit event {Outcome} for {ComponentAppId}/{AuthorizerAppId} changes nothing: {Why}")]
    private static partial void LogVerdictIgnored(ILogger logger, string componentAppId, string authorizerAppId, AuditOutcome outcome, string why);

    [LoggerMessage(EventId = 2805, Level = LogLevel.Warning, Message = "Release changes of {ComponentAppId}/{AuthorizerAppId} not handed over yet ({Error}); retrying")]
    private static partial void LogNotHandedOver(ILogger logger, string componentAppId, string authorizerAppId, string error);

    [LoggerMessage(EventId = 2806, Level = LogLevel.Warning, Message = "Step {Step} of campaign {CampaignId} for {ComponentAppId}/{AuthorizerAppId} was asked to wait {Attempts} times (last errcode {ErrorCode}); the account fails")]
    private static partial void LogAttemptsUsedUp(ILogger logger, string componentAppId, string authorizerAppId, string campaignId, string step, int attempts, int? errorCode);

    [LoggerMessage(EventId = 2807, Level = LogLevel.Information, Message = "No audit event for {ComponentAppId}/{AuthorizerAppId} since {PendingSince}: WeChat's audit status is {Status}")]
    private static partial void LogAuditAsked(ILogger logger, string componentAppId, string authorizerAppId, DateTimeOffset pendingSince, int status);

    [LoggerMessage(EventId = 2808, Level = LogLevel.Warning, Message = "WeChat's audit status for {ComponentAppId}/{AuthorizerAppId} could not be read ({Error}); asking again later")]
    private static partial void LogAuditNotAsked(ILogger logger, string componentAppId, string authorizerAppId, string error);
}
