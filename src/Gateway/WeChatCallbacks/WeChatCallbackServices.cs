namespace Gateway.WeChatCallbacks;

public static class WeChatCallbackServices
{
    /// <summary>What the routes WeChat calls need: reading pushes, handling each once, the accounts' original ids, the release test.</summary>
    public static IServiceCollection AddWeChatCallbacks(this IServiceCollection services) => services
        .AddSingleton<PushReader>()
        .AddSingleton<HandledPushes>()
        .AddSingleton<AccountUserNames>()
        .AddSingleton<CallbackMetrics>()
        .AddSingleton<ReleaseTestReplies>();
}
