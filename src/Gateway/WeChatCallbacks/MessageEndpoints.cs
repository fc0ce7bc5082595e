using Gateway.Hosting;
using Grains;
using WeChat;
using WeChat.Api;
using WeChat.Xml;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// 消息与事件接收URL (<c>.../messages/$APPID$</c>): verifies and decrypts the messages and events of authorized
/// accounts and answers within WeChat's 5-second window, including the full-network-release (全网发布) test cases.
/// </summary>
internal static partial class MessageEndpoints
{
    public static void MapWeChatMessages(this RouteGroupBuilder wechat) => wechat.MapPost("/messages/{authorizerAppId}", ReceiveAsync);

    private static async Task<IResult> ReceiveAsync(
        string componentAppId,
        string authorizerAppId,
        HttpRequest request,
        ComponentDirectory components,
        PushReader reader,
        ReleaseTestReplies release,
        IGrainFactory grains,
        TimeProvider time,
        ILogger<PushReader> logger)
    {
        var component = components.Get(componentAppId);
        var reading = await reader.ReadAsync(request, component);
        if (!reading.Accepted)
        {
            LogRefused(logger, componentAppId, authorizerAppId, reading.StatusCode, reading.Refusal!);
            return Results.Text(reading.Refusal, statusCode: reading.StatusCode);
        }

        AccountMessage message;
        try
        {
            message = AccountMessage.Parse(reading.PlainXml!);
        }
        catch (WeChatXmlException ex)
        {
            LogRefused(logger, componentAppId, authorizerAppId, 400, ex.Message);
            return Results.Text("the push is not an account message", statusCode: 400);
        }

        if (message is { MsgType: "text", Content: ReleaseTest.TestText })
        {
            return EncryptedReply(component, reading, PassiveReply.TextTo(message, time.GetUtcNow(), ReleaseTest.TestText + "_callback"));
        }

        if (message is { MsgType: "text", Content: { } content } && content.StartsWith(ReleaseTest.QueryAuthCodePrefix, StringComparison.Ordinal))
        {
            // Answer at once with an empty body; the code is exchanged and answered through the customer-service API.
            release.AnswerQueryAuthCode(componentAppId, message.FromUserName, content[ReleaseTest.QueryAuthCodePrefix.Length..]);
            return Results.Text("", "text/plain");
        }

        if (message is { IsEvent: true, Event: { } eventName } && ReleaseTest.IsTestAccount(authorizerAppId))
        {
            return EncryptedReply(component, reading, PassiveReply.TextTo(message, time.GetUtcNow(), eventName + "from_callback"));
        }

        try
        {
            var reply = await grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(componentAppId, authorizerAppId))
                .DeliverAsync(message.DeduplicationKey, reading.PlainXml!);
            return reply is null ? Results.Text("success", "text/plain") : EncryptedReply(component, reading, reply);
        }
        catch (Exception ex) when (ex is PlatformException or OrleansException or TimeoutException)
        {
            // Neither delivered nor stored: no answer WeChat takes as received, so it pushes the message again.
            LogNotStored(logger, componentAppId, authorizerAppId, ex.GetType().Name);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult EncryptedReply(ConfiguredComponent component, PushReading reading, string replyXml) =>
        Results.Text(component.Crypt.EncryptReply(replyXml, reading.Timestamp, reading.Nonce), "application/xml");

    [LoggerMessage(Level = LogLevel.Error, Message = "A message push for {ComponentAppId}/{AuthorizerAppId} was neither delivered nor stored ({Error}); WeChat will push it again")]
    private static partial void LogNotStored(ILogger logger, string componentAppId, string authorizerAppId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a message push for {ComponentAppId}/{AuthorizerAppId} with {StatusCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string componentAppId, string authorizerAppId, int statusCode, string reason);
}

/// <summary>
/// The QUERY_AUTH_CODE release test case: exchange the code, then send <c>{code}_from_api</c> to the tester
/// with the authorizer's token, after the push has been answered.
/// </summary>
public sealed partial class ReleaseTestReplies(IGrainFactory grains, IComponentApi wechat, IHostApplicationLifetime lifetime, ILogger<ReleaseTestReplies> logger)
{
    public void AnswerQueryAuthCode(string componentAppId, string openId, string code) =>
        _ = Task.Run(async () =>
        {
            try
            {
                var summary = await grains.GetGrain<IComponentGrain>(componentAppId).CompleteAuthorizationAsync(code);
                var token = await grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(componentAppId, summary.AuthorizerAppId)).GetTokenAsync();
                await wechat.SendCustomTextMessageAsync(token.Value, openId, code + "_from_api", lifetime.ApplicationStopping);
                LogAnswered(logger, componentAppId, summary.AuthorizerAppId);
            }
            catch (Exception ex) when (ex is PlatformException or WeChatApiException or OrleansException or TimeoutException)
            {
                LogFailed(logger, componentAppId, ex.Message);
            }
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Release test: answered QUERY_AUTH_CODE for {ComponentAppId}/{AuthorizerAppId} through the customer-service API")]
    private static partial void LogAnswered(ILogger logger, string componentAppId, string authorizerAppId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Release test: QUERY_AUTH_CODE for {ComponentAppId} could not be answered: {Reason}")]
    private static partial void LogFailed(ILogger logger, string componentAppId, string reason);
}
