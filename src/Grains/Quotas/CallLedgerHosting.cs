using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WeChat.Api.Quotas;

namespace Grains.Quotas;

public static class CallLedgerHosting
{
    /// <summary>
    /// The process's call ledger, for every process that calls WeChat (silos, gateways, the single node), and the
    /// grain filter that tells it whose calls a grain makes. Registered once however often asked.
    /// </summary>
    public static IServiceCollection AddCallLedger(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CallLedger)))
        {
            return services;
        }

        services.AddOptions<CallLedgerOptions>().BindConfiguration(CallLedgerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CallLedger>(sp,
            sp.GetKeyedService<TimeProvider>(GrainClock.Key) ?? sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IWeChatCallLedger>(sp => sp.GetRequiredService<CallLedger>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CallLedger>());
        services.AddSingleton<IIncomingGrainCallFilter, AccountScopeFilter>();
        return services;
    }
}
