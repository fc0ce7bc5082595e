using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WeChat;

namespace Grains;

public static class TokenGrainServices
{
    /// <summary>What the token grains need in a silo: the WeChat client, validated lifecycle options, the token clock, metrics.</summary>
    public static IServiceCollection AddTokenGrains(this IServiceCollection services)
    {
        services.AddWeChatApi();
        services.AddOptions<TokenLifecycleOptions>()
            .BindConfiguration(TokenLifecycleOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddKeyedSingleton(TokenClock.Key, TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<TokenMetrics>();
        return services;
    }
}
