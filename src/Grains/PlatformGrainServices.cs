using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Grains.Campaigns;
using Grains.Index;
using Grains.Messages;
using Grains.Quotas;
using Grains.Releases;
using WeChat;

namespace Grains;

public static class PlatformGrainServices
{
    /// <summary>
    /// What the platform's grains need in a silo: the WeChat client, validated lifecycle options, the grain clock,
    /// metrics and gauges, the authorizer index (in memory unless the PostgreSQL cluster registered its own first) and webhook
    /// delivery.
    /// </summary>
    public static IServiceCollection AddPlatformGrains(this IServiceCollection services)
    {
        services.TryAddSingleton<IAuthorizerIndex, InMemoryAuthorizerIndex>();
        services.TryAddSingleton<IAuthorizationCodeLedger, InMemoryAuthorizationCodeLedger>();
        services.TryAddSingleton<ITokenActivityLog, InMemoryTokenActivityLog>();
        services.TryAddSingleton<ICampaignStore, InMemoryCampaignStore>();
        services.TryAddSingleton<TokenActivity>();
        services.AddHostedService(sp => sp.GetRequiredService<TokenActivity>());
        services.AddWeChatApi();
        services.AddCallLedger();
        services.AddOptions<TokenLifecycleOptions>()
            .BindConfiguration(TokenLifecycleOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddKeyedSingleton(GrainClock.Key, TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<TokenMetrics>();
        services.TryAddSingleton<PlatformGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<PlatformGauges>());
        services.AddMessageDelivery();
        services.AddCampaigns();
        return services;
    }

    /// <summary>What campaign and release grains need: validated pacing and retry options, and WeChat's audit quota.</summary>
    private static void AddCampaigns(this IServiceCollection services)
    {
        services.AddOptions<CampaignOptions>()
            .BindConfiguration(CampaignOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IAuditQuota, WeChatAuditQuota>();
        services.AddOptions<ReleaseOptions>()
            .BindConfiguration(ReleaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    /// <summary>What the outbox grains need: validated webhook options, the signed sender, metrics.</summary>
    private static void AddMessageDelivery(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.MaxConnections,
            })
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<MessageMetrics>();
    }
}
