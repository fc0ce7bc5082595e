using Gateway.Hosting;
using Grains;
using WeChat.Xml;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// 授权事件接收URL: tickets and authorization events. The answer is <c>success</c> only once the grain has
/// durably recorded the push; any failure here answers 5xx so WeChat pushes again.
/// </summary>
internal static partial class EventEndpoints
{
    public static void MapWeChatEvents(this RouteGroupBuilder wechat) => wechat.MapPost("/events", ReceiveAsync);

    private static async Task<IResult> ReceiveAsync(
        string componentAppId,
        HttpRequest request,
        ComponentDirectory components,
        PushReader reader,
        ReplayGuard replays,
        IGrainFactory grains,
        ILogger<PushReader> logger)
    {
        var reading = await reader.ReadAsync(request, components.Get(componentAppId));
        if (!reading.Accepted)
        {
            LogRefused(logger, componentAppId, reading.StatusCode, reading.Refusal!);
            return Results.Text(reading.Refusal, statusCode: reading.StatusCode);
        }

        ComponentPush push;
        try
        {
            push = ComponentPush.Parse(reading.PlainXml!);
        }
        catch (WeChatXmlException ex)
        {
            LogRefused(logger, componentAppId, 400, ex.Message);
            return Results.Text("the push is not a component event", statusCode: 400);
        }

        if (push.ComponentAppId != componentAppId)
        {
            LogRefused(logger, componentAppId, 403, "the push names another component");
            return Results.Text("the push names another component", statusCode: 403);
        }

        if (replays.WasHandled(componentAppId, reading.Timestamp, reading.Nonce, reading.Signature))
        {
            LogRefused(logger, componentAppId, 409, "replayed push");
            return Results.Text("this push was already handled", statusCode: 409);
        }

        var grain = grains.GetGrain<IComponentGrain>(componentAppId);
        try
        {
            await DispatchAsync(grain, push, logger);
        }
        catch (PlatformException ex) when (ex.Problem == PlatformProblem.AuthorizationCodeRejected)
        {
            // WeChat would push the same dead code again: acknowledge, the account can authorize anew.
            LogCodeRejected(logger, componentAppId, ex.Message);
        }
        catch (Exception ex) when (ex is PlatformException or TimeoutException or OrleansException)
        {
            LogNotRecorded(logger, componentAppId, push.InfoType, ex.Message);
            return Results.Text("not recorded; push again", statusCode: 503);
        }

        replays.Handled(componentAppId, reading.Timestamp, reading.Nonce, reading.Signature);
        return Results.Text("success", "text/plain");
    }

    private static Task DispatchAsync(IComponentGrain grain, ComponentPush push, ILogger logger) => push switch
    {
        VerifyTicketPush ticket => grain.RecordTicketAsync(ticket.Ticket, ticket.CreatedAt),
        AuthorizationPush authorization => grain.CompleteAuthorizationAsync(authorization.AuthorizationCode),
        UnauthorizedPush unauthorized => grain.RevokeAuthorizationAsync(unauthorized.AuthorizerAppId, unauthorized.CreatedAt),
        _ => LogUnknown(logger, push),
    };

    private static Task LogUnknown(ILogger logger, ComponentPush push)
    {
        LogUnknownInfoType(logger, push.ComponentAppId, push.InfoType);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a push for component {ComponentAppId} with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string componentAppId, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {InfoType} push for component {ComponentAppId} was not recorded: {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, string componentAppId, string infoType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Component {ComponentAppId}: an authorization event carried a code WeChat refused: {Reason}")]
    private static partial void LogCodeRejected(ILogger logger, string componentAppId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Component {ComponentAppId}: acknowledged a push of InfoType {InfoType}, which this platform does not act on")]
    private static partial void LogUnknownInfoType(ILogger logger, string componentAppId, string infoType);
}
