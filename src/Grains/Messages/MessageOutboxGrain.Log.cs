using Microsoft.Extensions.Logging;

namespace Grains.Messages;

public sealed partial class MessageOutboxGrain
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "No webhook for {ComponentAppId}: {MsgType} {Event} of {AuthorizerAppId} answered success and not delivered")]
    private static partial void LogNoWebhook(ILogger logger, string componentAppId, string authorizerAppId, string msgType, string? @event);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Webhook of {ComponentAppId} did not take a {Type} delivery of {AuthorizerAppId} on attempt {Attempt} ({Problem}); it is stored and retried")]
    private static partial void LogRetrying(ILogger logger, string componentAppId, string type, string authorizerAppId, int attempt, string? problem);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Webhook of {ComponentAppId} took a stored {Type} delivery of {AuthorizerAppId} on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string componentAppId, string type, string authorizerAppId, int attempt);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Error, Message = "Webhook of {ComponentAppId} never took a {Type} delivery of {AuthorizerAppId} ({Attempt} attempts, last: {Problem}); it is now a dead letter")]
    private static partial void LogDeadLettered(ILogger logger, string componentAppId, string type, string authorizerAppId, int attempt, string? problem);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Warning, Message = "Webhook of {ComponentAppId} answered a message of {AuthorizerAppId} with an unusable reply: {Problem}")]
    private static partial void LogUnusableReply(ILogger logger, string componentAppId, string authorizerAppId, string problem);
}
