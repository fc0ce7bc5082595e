using Microsoft.Extensions.Logging;
using WeChat.Api;

namespace Grains.Authorizer;

public sealed partial class AuthorizerGrain
{
    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: token refreshed, valid until {ExpiresAt:u} (refresh token rotated: {Rotated})")]
    private static partial void LogRefreshed(ILogger logger, string componentAppId, string authorizerAppId, DateTimeOffset expiresAt, bool rotated);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: WeChat call failed with errcode {ErrorCode} ({Kind}): {ErrorMessage}")]
    private static partial void LogWeChatFailed(ILogger logger, string componentAppId, string authorizerAppId, int? errorCode, WeChatErrorKind kind, string errorMessage);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: scheduled refresh failed ({Problem}): {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string componentAppId, string authorizerAppId, PlatformProblem problem, string reason);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Information, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: status is now {Status}")]
    private static partial void LogStatus(ILogger logger, string componentAppId, string authorizerAppId, AuthorizerStatus status);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: refreshed tokens not saved yet, retrying: {Reason}")]
    private static partial void LogNotSaved(ILogger logger, string componentAppId, string authorizerAppId, string reason);

    [LoggerMessage(EventId = 2115, Level = LogLevel.Information, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: refresh token restored from WeChat's authorizer list")]
    private static partial void LogRestored(ILogger logger, string componentAppId, string authorizerAppId);

    [LoggerMessage(EventId = 2116, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: recorded authorization changes not handed to the outbox yet ({Error}); retrying")]
    private static partial void LogChangesNotHandedOver(ILogger logger, string componentAppId, string authorizerAppId, string error);

    [LoggerMessage(EventId = 2117, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: ignored a revocation of {RevokedAt:u}, older than the authorization of {AuthorizedAt:u} (a retried or replayed push)")]
    private static partial void LogStaleRevocation(ILogger logger, string componentAppId, string authorizerAppId, DateTimeOffset revokedAt, DateTimeOffset authorizedAt);

    [LoggerMessage(EventId = 2118, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: retrying the {Step} failed ({Error}); the next tick tries again")]
    private static partial void LogRetryStepFailed(ILogger logger, string componentAppId, string authorizerAppId, string step, string error);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: WeChat answered 61003 to api_authorizer_token, the account no longer authorizes the platform; recorded as unauthorized")]
    private static partial void LogAccountLeft(ILogger logger, string componentAppId, string authorizerAppId);
}
