using Gateway.Hosting;
using Grains;
using WeChat;
using WeChat.Xml;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// 授权事件接收URL: tickets and authorization events. The answer is <c>success</c> once the grain has durably recorded
/// the push, or when the push can never be handled (recorded here instead: logged and counted); a failure that may
/// pass answers 503 so WeChat pushes again. A push that repeats one already handled is answered as the first.
/// </summary>
internal static partial class EventEndpoints
{
    public const string Route = "events";

    public static void MapWeChatEvents(this RouteGroupBuilder wechat) => wechat.MapPost("/" + Route, ReceiveAsync);

    private static async Task<IResult> ReceiveAsync(
        string componentAppId,
        HttpRequest request,
        ComponentDirectory components,
        PushReader reader,
        HandledPushes pushes,
        AccountUserNames userNames,
        CallbackMetrics metrics,
        IGrainFactory grains,
        ILogger<Log> logger)
    {
        var reading = await reader.ReadAsync(request, components.Get(componentAppId));
        if (!reading.Accepted)
        {
            return Refuse(logger, componentAppId, reading.StatusCode, reading.Refusal!);
        }

        ComponentPush push;
        try
        {
            push = ComponentPush.Parse(reading.PlainXml!);
        }
        catch (WeChatXmlException ex)
        {
            LogRefused(logger, componentAppId, StatusCodes.Status400BadRequest, ex.Message);
            return TypedResults.Text("the push is not a component event", statusCode: StatusCodes.Status400BadRequest);
        }

        if (push.ComponentAppId != componentAppId)
        {
            return Refuse(logger, componentAppId, StatusCodes.Status403Forbidden, "the push names another component");
        }

        var handling = new Handling(grains.GetGrain<IComponentGrain>(componentAppId), userNames, metrics, logger);
        var answer = await pushes.HandleOnceAsync(Route, componentAppId, push.DeduplicationKey, () => handling.HandleAsync(push));
        return answer.Handled
            ? TypedResults.Text("success", "text/plain")
            : TypedResults.Text("not recorded; push again", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Refuse(ILogger logger, string componentAppId, int statusCode, string reason)
    {
        LogRefused(logger, componentAppId, statusCode, reason);
        return TypedResults.Text(reason, "text/plain", statusCode: statusCode);
    }

    private sealed class Handling(IComponentGrain grain, AccountUserNames userNames, CallbackMetrics metrics, ILogger logger)
    {
        public async Task<PushAnswer> HandleAsync(ComponentPush push)
        {
            if (AuthorizerOf(push) is { } authorizerAppId && !AppIds.IsWellFormed(authorizerAppId))
            {
                return Unhandleable(push, null, "malformed_appid", "its AuthorizerAppid is not an appid");
            }

            try
            {
                switch (push)
                {
                    case VerifyTicketPush ticket:
                        await grain.RecordTicketAsync(ticket.Ticket, ticket.CreatedAt);
                        break;
                    case AuthorizationPush authorization:
                        userNames.Remember(await grain.CompleteAuthorizationAsync(authorization.AuthorizationCode));
                        break;
                    case UnauthorizedPush revocation:
                        await grain.RevokeAuthorizationAsync(revocation.AuthorizerAppId, revocation.CreatedAt);
                        break;
                    default:
                        LogUnknownInfoType(logger, push.ComponentAppId, push.InfoType);
                        break;
                }

                return PushAnswer.Success;
            }
            catch (PlatformException ex) when (ex.Problem is PlatformProblem.AuthorizationCodeRejected or PlatformProblem.WeChatRefused)
            {
                // WeChat would refuse the same again (a dead code, an authorization that granted no permission set and so
                // no refresh token): pushed again, it changes nothing. The account can authorize anew.
                return Unhandleable(push, AuthorizerOf(push), ex.Problem == PlatformProblem.AuthorizationCodeRejected ? "code_rejected" : "wechat_refused", ex.Message);
            }
            catch (Exception ex) when (ex is PlatformException or TimeoutException or OrleansException)
            {
                LogNotRecorded(logger, push.ComponentAppId, push.InfoType, ex.Message);
                return PushAnswer.NotHandled;
            }
        }

        private PushAnswer Unhandleable(ComponentPush push, string? authorizerAppId, string reason, string detail)
        {
            metrics.Unhandleable(push.InfoType, reason);
            LogUnhandleable(logger, push.ComponentAppId, push.InfoType, authorizerAppId, detail);
            return PushAnswer.Success;
        }

        private static string? AuthorizerOf(ComponentPush push) => push switch
        {
            AuthorizationPush authorization => authorization.AuthorizerAppId,
            UnauthorizedPush revocation => revocation.AuthorizerAppId,
            _ => null,
        };
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Refused a push for component {ComponentAppId} with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string componentAppId, int statusCode, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "A push of InfoType {InfoType} for component {ComponentAppId} was not recorded: {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, string componentAppId, string infoType, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Component {ComponentAppId}: acknowledged a push of InfoType {InfoType} for {AuthorizerAppId} that can never be handled, so WeChat stops pushing it: {Reason}")]
    private static partial void LogUnhandleable(ILogger logger, string componentAppId, string infoType, string? authorizerAppId, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Component {ComponentAppId}: acknowledged a push of InfoType {InfoType}, which this platform does not act on")]
    private static partial void LogUnknownInfoType(ILogger logger, string componentAppId, string infoType);

    /// <summary>The log category of these endpoints.</summary>
    internal sealed class Log;
}
