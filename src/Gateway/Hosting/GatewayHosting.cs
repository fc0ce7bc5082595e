using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Authorization;
using Gateway.Hosting;
using Gateway.Operations;
using Gateway.Status;
using Gateway.TokenApi;
using Gateway.WeChatCallbacks;
using Sandbox;
using WeChat;

namespace Gateway;

public static class GatewayHosting
{
    public static void AddGateway(this WebApplicationBuilder builder)
    {
        // Refuse rather than silently keep production tokens in memory: the PostgreSQL cluster mode is not built yet.
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("Orleans")))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Orleans is set, but this build runs single-node only; the PostgreSQL-backed cluster is not available yet. Remove the setting to run single-node.");
        }

        // No platform configured: run the WeChat sandbox in this process so a fresh clone works end to end.
        var sandbox = DevelopmentSandbox.IsWanted(builder.Configuration);
        if (sandbox)
        {
            DevelopmentSandbox.Configure(builder);
        }

        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateOnStart();
        builder.Services.AddWeChatApi();
        builder.Services.AddSingleton<ComponentDirectory>();
        builder.Services.AddSingleton<PushReader>();
        builder.Services.AddSingleton<ReplayGuard>();
        builder.Services.AddSingleton<ReleaseTestReplies>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddStatusPage();
        builder.Services.AddMemoryCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingletonTimeProvider();

        // The contract speaks snake_case JSON, with enums as snake_case strings ("reauthorization_required").
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.Converters.Add(new UtcSecondsConverter());
        });

        builder.AddSingleNodeSilo();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton(new GatewayMode(sandbox));
    }

    public static void MapGateway(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<GatewayMode>();
        OrleansHosting.AnnounceSingleNode(app);
        if (mode.Sandbox)
        {
            app.MapWeChatSandbox();
            app.Lifetime.ApplicationStarted.Register(() => DevelopmentSandbox.Announce(app));
        }

        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapWeChatEvents();
        app.MapWeChatMessages();
        app.MapAuthorizationFlow();
        app.MapTokenApi();
        app.MapStatusPage();
        app.MapGet("/", () => Results.Redirect("/status")).ExcludeFromDescription();
        app.MapOperations();
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, TimeProvider.System);
}

/// <summary>Whether the in-process WeChat sandbox is serving this gateway.</summary>
public sealed record GatewayMode(bool Sandbox);
