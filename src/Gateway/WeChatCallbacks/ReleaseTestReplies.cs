using Grains;
using WeChat.Api;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// The QUERY_AUTH_CODE release test case: exchange the code, then send <c>{code}_from_api</c> to the tester with the
/// authorizer's token, after the push has been answered. Only a release-test account's message starts it, and at most
/// <see cref="MaxRunning"/> run at once on a gateway (the test sends one at a time): one more is dropped, logged and
/// counted, so no push can pile up work behind the answers it gets.
/// </summary>
public sealed partial class ReleaseTestReplies(
    IGrainFactory grains,
    IComponentApi wechat,
    AccountUserNames userNames,
    CallbackMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<ReleaseTestReplies> logger)
{
    public const int MaxRunning = 4;

    private int _running;

    /// <summary>Starts answering in the background, unless <see cref="MaxRunning"/> answers are already running.</summary>
    public void Start(string componentAppId, string authorizerAppId, string openId, string code)
    {
        if (Interlocked.Increment(ref _running) > MaxRunning)
        {
            Interlocked.Decrement(ref _running);
            metrics.ReleaseTestDropped();
            LogDropped(logger, componentAppId, authorizerAppId, MaxRunning);
            return;
        }

        _ = Task.Run(() => AnswerAsync(componentAppId, openId, code));
    }

    private async Task AnswerAsync(string componentAppId, string openId, string code)
    {
        try
        {
            var summary = await grains.GetGrain<IComponentGrain>(componentAppId).CompleteAuthorizationAsync(code);
            userNames.Remember(summary);
            var token = await grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(componentAppId, summary.AuthorizerAppId)).GetTokenAsync();
            await wechat.SendCustomTextMessageAsync(token.Value, openId, code + "_from_api", lifetime.ApplicationStopping);
            LogAnswered(logger, componentAppId, summary.AuthorizerAppId);
        }
        catch (Exception ex) when (ex is PlatformException or WeChatApiException or OrleansException or TimeoutException or OperationCanceledException)
        {
            LogFailed(logger, componentAppId, ex.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    [LoggerMessage(EventId = 2040, Level = LogLevel.Information, Message = "Release test: answered QUERY_AUTH_CODE for {ComponentAppId}/{AuthorizerAppId} through the customer-service API")]
    private static partial void LogAnswered(ILogger logger, string componentAppId, string authorizerAppId);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Error, Message = "Release test: QUERY_AUTH_CODE for {ComponentAppId} could not be answered: {Reason}")]
    private static partial void LogFailed(ILogger logger, string componentAppId, string reason);

    [LoggerMessage(EventId = 2042, Level = LogLevel.Warning, Message = "Release test: QUERY_AUTH_CODE for {ComponentAppId}/{AuthorizerAppId} dropped: {MaxRunning} answers are already running on this gateway")]
    private static partial void LogDropped(ILogger logger, string componentAppId, string authorizerAppId, int maxRunning);
}
