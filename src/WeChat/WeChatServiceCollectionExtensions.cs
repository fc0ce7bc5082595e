using Flurl.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WeChat.Api;
using WeChat.Api.Quotas;
using WeChat.Options;

namespace WeChat;

public static class WeChatServiceCollectionExtensions
{
    public const string HttpClientName = "WeChat";

    /// <summary>Binds and validates the <c>WeChat</c> section and registers the WeChat API client (component APIs and code management).</summary>
    public static IServiceCollection AddWeChatApi(this IServiceCollection services)
    {
        // Both the gateway and the in-process silo ask for it; binding twice would list every component twice.
        if (services.Any(d => d.ServiceType == typeof(IComponentApi)))
        {
            return services;
        }

        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();

        // Redirects are never followed: WeChat's APIs don't redirect, and a redirect would carry the token elsewhere.
        services.AddTransient<QuotaLedgerHandler>();
        services.AddHttpClient(HttpClientName)
            .AddHttpMessageHandler<QuotaLedgerHandler>()
            .ConfigurePrimaryHttpMessageHandler(sp => NewHandler(sp.GetRequiredService<IOptions<WeChatOptions>>().Value));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WeChatOptions>>();
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            http.BaseAddress = new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/");
            http.Timeout = Timeout.InfiniteTimeSpan;
            return ActivatorUtilities.CreateInstance<ComponentApiClient>(sp, new FlurlClient(http));
        });
        services.AddSingleton<IComponentApi>(sp => sp.GetRequiredService<ComponentApiClient>());
        services.AddSingleton<ICodeManagementApi>(sp => sp.GetRequiredService<ComponentApiClient>());
        return services;
    }

    /// <summary>The connections every client of WeChat's API uses: bounded, recycled every 5 minutes (DNS), no redirects.</summary>
    public static SocketsHttpHandler NewHandler(WeChatOptions options) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = options.MaxConnections,
    };
}
