using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sandbox.Crypto;
using Sandbox.Endpoints;
using Sandbox.Pages;
using Sandbox.Pushing;
using Sandbox.ReleaseTesting;
using Sandbox.State;

namespace Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers the emulated WeChat: its state, its pushers, the ticket timer and its crypto self-check.</summary>
    public static IServiceCollection AddWeChatSandbox(this IServiceCollection services, Action<SandboxOptions>? configure = null)
    {
        var options = services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure(o =>
        {
            if (o.IncludeReleaseTestAccounts)
            {
                o.Accounts.AddRange(ReleaseTestAccounts.All.Where(r => o.Accounts.TrueForAll(a => a.AppId != r.AppId)));
            }
        });
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        options.ValidateOnStart();

        services.AddHttpClient(PlatformPusher.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<CryptoSelfCheck>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TicketBook>();
        services.AddSingleton<CodeBook>();
        services.AddSingleton<AuthorizationBook>();
        services.AddSingleton<QuotaBook>();
        services.AddSingleton<UserBook>();
        services.AddSingleton<ReleaseTestBook>();
        services.AddSingleton<ReleaseTestRunner>();
        services.AddSingleton<CallRecorder>();
        services.AddSingleton<FaultPlan>();
        services.AddSingleton<Journal>();
        services.AddSingleton<PlatformPusher>();
        services.AddSingleton<SandboxWorld>();
        services.AddHostedService<TicketPushService>();
        return services;
    }

    /// <summary>Maps WeChat's API and page routes, plus the sandbox's own control API and dashboard.</summary>
    public static IEndpointRouteBuilder MapWeChatSandbox(this IEndpointRouteBuilder routes)
    {
        routes.MapComponentApis();
        routes.MapAuthorizerInfoApis();
        routes.MapQuotaApis();
        routes.MapAccountApis();
        routes.MapAuthorizationPages();
        routes.MapDashboard();
        routes.MapControlApi();
        routes.MapReleaseTest();
        return routes;
    }
}
