using Microsoft.Extensions.Logging;
using WeChat.Api;

namespace Grains.Component;

public sealed partial class ComponentGrain
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: refreshed token not saved yet, retrying: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, string componentAppId, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Component {ComponentAppId}: ticket recorded (pushed at {PushedAt:u})")]
    private static partial void LogTicketRecorded(ILogger logger, string componentAppId, DateTimeOffset pushedAt);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Component {ComponentAppId}: asked WeChat to push a ticket")]
    private static partial void LogTicketRequested(ILogger logger, string componentAppId);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: WeChat refused the ticket ({ErrorCode}); asking for a new one")]
    private static partial void LogTicketRefused(ILogger logger, string componentAppId, int? errorCode);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Component {ComponentAppId}: component token refreshed, valid until {ExpiresAt:u}")]
    private static partial void LogRefreshed(ILogger logger, string componentAppId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: token refresh failed ({Problem}): {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string componentAppId, PlatformProblem problem, string reason);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: WeChat call failed with errcode {ErrorCode} ({Kind}): {ErrorMessage}")]
    private static partial void LogWeChatFailed(ILogger logger, string componentAppId, int? errorCode, WeChatErrorKind kind, string errorMessage);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Information, Message = "Component {ComponentAppId}: authorizer {AuthorizerAppId} authorized with permission sets [{PermissionSets}]")]
    private static partial void LogAuthorized(ILogger logger, string componentAppId, string authorizerAppId, string permissionSets);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Information, Message = "Component {ComponentAppId}: authorizer {AuthorizerAppId} revoked the authorization")]
    private static partial void LogRevoked(ILogger logger, string componentAppId, string authorizerAppId);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: no profile for {AuthorizerAppId}: {Reason}")]
    private static partial void LogProfileUnavailable(ILogger logger, string componentAppId, string authorizerAppId, string reason);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: WeChat lists {AuthorizerAppId} without a refresh token (its code was never exchanged); it must authorize again")]
    private static partial void LogNoRefreshTokenToRestore(ILogger logger, string componentAppId, string authorizerAppId);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Information, Message = "Component {ComponentAppId}: restored {Restored} refresh tokens from {Listed} listed authorizers")]
    private static partial void LogRestored(ILogger logger, string componentAppId, int restored, int listed);

    [LoggerMessage(EventId = 2213, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: walk of WeChat's authorizer list stopped at offset {Offset} ({Problem}): {Reason}; it resumes from there")]
    private static partial void LogReconciliationInterrupted(ILogger logger, string componentAppId, int offset, PlatformProblem problem, string reason);

    [LoggerMessage(EventId = 2214, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: {AuthorizerAppId} is authorized here but WeChat's authorizer list does not name it")]
    private static partial void LogNotListed(ILogger logger, string componentAppId, string authorizerAppId);

    [LoggerMessage(EventId = 2215, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: the code exchanged for {AuthorizerAppId} was not recorded ({Error})")]
    private static partial void LogCodeNotRecorded(ILogger logger, string componentAppId, string authorizerAppId, string error);
}
