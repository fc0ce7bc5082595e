using Gateway.Hosting;
using Grains;
using Grains.Releases;
using WeChat;
using WeChat.Xml;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// 消息与事件接收URL (<c>.../messages/$APPID$</c>): verifies and decrypts the messages and events of authorized
/// accounts, checks that the message is addressed to the account of the URL, and answers within WeChat's 5-second
/// window. The full-network-release (全网发布) test cases are answered on WeChat's release-test accounts only; on any
/// other account their texts are messages like any other. A message WeChat pushes again is answered as the first.
/// A mini program's audit results also go to its release state before they go to the webhook as messages.
/// </summary>
internal static partial class MessageEndpoints
{
    public const string Route = "messages";

    public static void MapWeChatMessages(this RouteGroupBuilder wechat) => wechat.MapPost("/" + Route + "/{authorizerAppId}", ReceiveAsync);

    private static async Task<IResult> ReceiveAsync(
        string componentAppId,
        string authorizerAppId,
        HttpRequest request,
        ComponentDirectory components,
        PushReader reader,
        AccountUserNames userNames,
        HandledPushes pushes,
        ReleaseTestReplies release,
        IGrainFactory grains,
        TimeProvider time,
        ILogger<Log> logger)
    {
        if (!AppIds.IsWellFormed(authorizerAppId))
        {
            return Refuse(logger, componentAppId, authorizerAppId, StatusCodes.Status404NotFound, "the URL names no account appid");
        }

        var component = components.Get(componentAppId);
        var reading = await reader.ReadAsync(request, component);
        if (!reading.Accepted)
        {
            return Refuse(logger, componentAppId, authorizerAppId, reading.StatusCode, reading.Refusal!);
        }

        AccountMessage message;
        try
        {
            message = AccountMessage.Parse(reading.PlainXml!);
        }
        catch (WeChatXmlException ex)
        {
            LogRefused(logger, componentAppId, authorizerAppId, StatusCodes.Status400BadRequest, ex.Message);
            return TypedResults.Text("the push is not an account message", statusCode: StatusCodes.Status400BadRequest);
        }

        string? userName;
        try
        {
            userName = await userNames.FindAsync(componentAppId, authorizerAppId);
        }
        catch (Exception ex) when (ex is PlatformException or OrleansException or TimeoutException)
        {
            LogNotStored(logger, componentAppId, authorizerAppId, ex.GetType().Name);
            return TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (userName is not null && message.ToUserName != userName)
        {
            return Refuse(logger, componentAppId, authorizerAppId, StatusCodes.Status403Forbidden, "the message is addressed to another account");
        }

        var handling = new Handling(componentAppId, authorizerAppId, message, reading.PlainXml!, release, grains, time, logger);
        var answer = await pushes.HandleOnceAsync(Route, AuthorizerKey.For(componentAppId, authorizerAppId), message.DeduplicationKey, handling.HandleAsync);
        return answer switch
        {
            { Handled: false } => TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable),
            { ReplyXml: null } => TypedResults.Text("success", "text/plain"),
            { ReplyXml.Length: 0 } => TypedResults.Text("", "text/plain"),
            { ReplyXml: { } reply } => TypedResults.Text(component.Crypt.EncryptReply(reply, reading.Timestamp, reading.Nonce), "application/xml"),
        };
    }

    private static IResult Refuse(ILogger logger, string componentAppId, string authorizerAppId, int statusCode, string reason)
    {
        LogRefused(logger, componentAppId, authorizerAppId, statusCode, reason);
        return TypedResults.Text(reason, "text/plain", statusCode: statusCode);
    }

    private sealed class Handling(
        string componentAppId,
        string authorizerAppId,
        AccountMessage message,
        string messageXml,
        ReleaseTestReplies release,
        IGrainFactory grains,
        TimeProvider time,
        ILogger logger)
    {
        public async Task<PushAnswer> HandleAsync()
        {
            if (ReleaseTest.IsTestAccount(authorizerAppId))
            {
                if (ReleaseTest.QueryAuthCodeIn(message) is { } code)
                {
                    // Answered at once with an empty body; the code is exchanged and answered through the customer-service API.
                    release.Start(componentAppId, authorizerAppId, message.FromUserName, code);
                    return PushAnswer.EmptyBody;
                }

                if (ReleaseTest.ReplyTextTo(message) is { } text)
                {
                    return PushAnswer.Reply(PassiveReply.TextTo(message, time.GetUtcNow(), text));
                }
            }

            try
            {
                // The release state takes the audit result first: WeChat hears success only once both have it.
                if (AuditEvents.VerdictIn(message) is { } verdict)
                {
                    await grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(componentAppId, authorizerAppId)).OnAuditVerdictAsync(verdict);
                }

                var reply = await grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(componentAppId, authorizerAppId))
                    .DeliverAsync(message.DeduplicationKey, messageXml);
                return reply is null ? PushAnswer.Success : PushAnswer.Reply(reply);
            }
            catch (Exception ex) when (ex is PlatformException or OrleansException or TimeoutException)
            {
                // Neither delivered nor stored: no answer WeChat takes as received, so it pushes the message again.
                LogNotStored(logger, componentAppId, authorizerAppId, ex.GetType().Name);
                return PushAnswer.NotHandled;
            }
        }
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "A message push for {ComponentAppId}/{AuthorizerAppId} was neither delivered nor stored ({Error}); WeChat will push it again")]
    private static partial void LogNotStored(ILogger logger, string componentAppId, string authorizerAppId, string error);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "Refused a message push for {ComponentAppId}/{AuthorizerAppId} with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string componentAppId, string authorizerAppId, int statusCode, string reason);

    /// <summary>The log category of these endpoints.</summary>
    internal sealed class Log;
}
