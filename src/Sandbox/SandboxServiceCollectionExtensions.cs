using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sandbox.CodeManagement;
using Sandbox.Endpoints;
using Sandbox.Pages;
using Sandbox.Pushing;
using Sandbox.State;

namespace Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers the emulated WeChat: its state, its pushers and the ticket timer.</summary>
    public static IServiceCollection AddWeChatSandbox(this IServiceCollection services, Action<SandboxOptions>? configure = null)
    {
        var options = services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure(o =>
        {
            CodeManagement.CodeManagementDefaults.Apply(o.CodeManagement);
            if (o.IncludeReleaseTestAccounts)
            {
                o.Accounts.AddRange(ReleaseTestAccounts.All.Where(r => o.Accounts.TrueForAll(a => a.AppId != r.AppId)));
            }
        });
        options.Validate(o => o.Components.TrueForAll(c => WeChat.Crypto.EncodingAesKey.IsValid(c.EncodingAESKey)),
            "Sandbox:Components:N:EncodingAESKey must be exactly 43 characters from [A-Za-z0-9].").ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>, CodeManagementOptionsValidator>();

        services.AddHttpClient(PlatformPusher.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TicketBook>();
        services.AddSingleton<CodeBook>();
        services.AddSingleton<AuthorizationBook>();
        services.AddSingleton<UserBook>();
        services.AddSingleton<UserCodeBook>();
        services.AddSingleton<OAuthGrantBook>();
        services.AddSingleton<QuotaBook>();
        services.AddSingleton<TemplateLibrary>();
        services.AddSingleton<VersionBook>();
        services.AddSingleton<AuditQuotaBook>();
        services.AddSingleton<CodeManagement.AuditDesk>();
        services.AddSingleton<ConversationBook>();
        services.AddSingleton<AuthorizerOptionBook>();
        services.AddSingleton<CallRecorder>();
        services.AddSingleton<FaultPlan>();
        services.AddSingleton<Journal>();
        services.AddSingleton<PlatformPusher>();
        services.AddSingleton<SandboxWorld>();
        services.AddSingleton<ReleaseTesting.ReleaseTestRunner>();
        services.AddHostedService<Crypto.CryptoSelfCheckService>();
        services.AddHostedService<TicketPushService>();
        return services;
    }

    /// <summary>Maps WeChat's API and page routes, plus the sandbox's own control API and dashboard.</summary>
    public static IEndpointRouteBuilder MapWeChatSandbox(this IEndpointRouteBuilder routes)
    {
        routes.MapComponentApis();
        routes.MapAccountApis();
        routes.MapQuotaApis();
        routes.MapAuthorizerOptionApis();
        routes.MapUserLoginApis();
        routes.MapTemplateApis();
        routes.MapCodeApis();
        routes.MapAuditApis();
        routes.MapReleaseApis();
        routes.MapAuthorizationPages();
        routes.MapOAuthPage();
        routes.MapDashboard();
        routes.MapCodeStatePage();
        routes.MapControlApi();
        routes.MapUserControlApi();
        routes.MapCodeControlApi();
        return routes;
    }
}
