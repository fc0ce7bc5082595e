using Microsoft.Extensions.Options;
using WeChat;
using WeChat.Api.Quotas;
using WeChat.Options;

namespace Gateway.WeChatProxy;

internal static class WeChatProxyHosting
{
    /// <summary>
    /// The proxies' client, configured once from the validated WeChat options. Redirects are never followed: WeChat's
    /// APIs do not redirect, and one would carry the token elsewhere.
    /// </summary>
    public static IServiceCollection AddWeChatProxy(this IServiceCollection services)
    {
        services.AddHttpClient<WeChatProxyClient>(WeChatProxyClient.Name, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<WeChatOptions>>().Value;
                http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
                http.Timeout = options.RequestTimeout;
            })
            .AddHttpMessageHandler<QuotaLedgerHandler>()
            .ConfigurePrimaryHttpMessageHandler(sp => WeChatServiceCollectionExtensions.NewHandler(sp.GetRequiredService<IOptions<WeChatOptions>>().Value));
        return services;
    }
}
