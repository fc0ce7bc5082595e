using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Access;
using Gateway.Acting;
using Gateway.Authorization;
using Gateway.DeadLetters;
using Gateway.Hosting;
using Gateway.Operations;
using Gateway.Quotas;
using Gateway.Releases;
using Gateway.Status;
using Gateway.TokenApi;
using Gateway.WeChatCallbacks;
using Gateway.WeChatProxy;
using Grains.Hosting;
using Grains.Quotas;
using Sandbox;
using ServiceDefaults;
using WeChat;

namespace Gateway;

public static class GatewayHosting
{
    public static void AddGateway(this WebApplicationBuilder builder)
    {
        var cluster = ClusterDatabase.IsConfigured(builder.Configuration);

        // Development with no platform configured: run the WeChat sandbox in this process so a fresh clone works end to end.
        var sandbox = DevelopmentSandbox.IsEnabled(builder, cluster);
        if (sandbox)
        {
            DevelopmentSandbox.Configure(builder);
        }

        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Registered first, so the silo (or the cluster client) is up before any other hosted service starts:
        // the data-protection key ring, loaded at start, lives in a grain.
        builder.AddTelemetry("wechat-platform-gateway");
        builder.AddDefaultHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [HealthExtensions.Ready]);
        if (cluster)
        {
            builder.UseOrleansClient(client =>
            {
                client.UsePostgresCluster(builder.Configuration);
                if (TelemetryExtensions.IsExported(builder))
                {
                    client.AddActivityPropagation();
                }
            });
        }
        else
        {
            builder.AddSingleNodeSilo();
        }

        builder.Services.AddWeChatApi();
        builder.Services.AddCallLedger();
        builder.Services.AddSingleton<ComponentDirectory>();
        builder.Services.AddWeChatCallbacks();
        builder.Services.AddSingleton<TokenInvalidations>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TokenInvalidations>());
        builder.Services.AddSingleton<TokenCache>();
        builder.Services.AddSingleton<ComponentTokens>();
        builder.Services.AddSingleton<AuthorizedAccounts>();
        builder.Services.AddSingleton<OAuthCaller>();
        builder.Services.AddWeChatProxy().AddRequestValidation();
        builder.Services.AddApiAccess().AddStatusPage();
        builder.Services.AddTrustedProxies();
        builder.Services.AddAuthorizationPageLimit();
        GrainKeyRing.AddTo(builder.Services);
        builder.Services.AddMemoryCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<PlatformProblemHandler>();
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingletonTimeProvider();

        // The contract speaks snake_case JSON, with enums as snake_case strings ("reauthorization_required").
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.Converters.Add(new UtcSecondsConverter());
        });

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton(new GatewayMode(sandbox, cluster));
    }

    public static void MapGateway(this WebApplication app)
    {
        // First: every later step (the per-address limits, redirect URLs) sees the client as the trusted proxies forward it.
        app.UseForwardedHeaders();
        var mode = app.Services.GetRequiredService<GatewayMode>();
        if (!mode.Cluster)
        {
            OrleansHosting.AnnounceSingleNode(app);
        }

        if (mode.Sandbox)
        {
            app.MapWeChatSandbox();
            app.Lifetime.ApplicationStarted.Register(() => DevelopmentSandbox.Announce(app));
        }

        // Recorded outermost, so the access log sees the status every other step (problems included) settled on.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            finally
            {
                http.RequestServices.GetRequiredService<ApiAccessLog>().Record(http);
            }
        }));
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        var wechat = app.MapWeChatCallbacks();
        wechat.MapWeChatEvents();
        wechat.MapWeChatMessages();
        wechat.MapAuthorizationFlow();
        var api = app.MapComponentApi();
        api.MapTokenApi();
        api.MapWeChatProxy();
        api.MapActing();
        api.MapQuotas();
        api.MapAccountRelease();
        api.MapDeadLetters();
        api.MapCampaigns();
        app.MapStatusPage();
        app.MapGet("/", () => TypedResults.Redirect("/status")).ExcludeFromDescription();
        app.MapOperations();
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, TimeProvider.System);
}

/// <summary>Whether the in-process WeChat sandbox is serving this gateway, and whether it is a client of a silo cluster.</summary>
public sealed record GatewayMode(bool Sandbox, bool Cluster);
