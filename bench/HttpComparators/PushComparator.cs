using Gateway.Hosting;
using Gateway.WeChatCallbacks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandbox;
using WeChat.Options;
using WeChat.Xml;

namespace HttpComparators;

/// <summary>
/// B4's comparator: WeChat's message push route (<c>/wechat/{component}/messages/{account}</c>) doing exactly what the
/// gateway does before it hands a push to the account's outbox grain, with the gateway's own classes: the platform looked
/// up, <see cref="PushReader"/>'s query, timestamp, size, signature and decryption checks, <see cref="AccountMessage"/>
/// parsed; then <c>success</c>. The limit of HTTP plus the crypto. Beside it, the webhook of B4's runs with one.
/// </summary>
internal static class PushComparator
{
    public static void AddPushComparator(this IServiceCollection services)
    {
        services.Configure<WeChatOptions>(o => o.Components.Add(new ComponentOptions
        {
            AppId = DemoPlatform.AppId, AppSecret = DemoPlatform.AppSecret, Token = DemoPlatform.Token, EncodingAESKey = DemoPlatform.EncodingAesKey,
        }));
        services.AddSingleton<ComponentDirectory>();
        services.AddSingleton<PushReader>();
        services.TryAddSingleton(TimeProvider.System);
    }

    public static void MapPushComparator(this IEndpointRouteBuilder app)
    {
        app.MapPost("/wechat/{componentAppId}/messages/{authorizerAppId}", async (string componentAppId, HttpRequest request, ComponentDirectory components, PushReader reader) =>
        {
            if (!components.TryGet(componentAppId, out var component))
            {
                return Results.NotFound();
            }

            var reading = await reader.ReadAsync(request, component);
            if (!reading.Accepted)
            {
                return Results.Text(reading.Refusal, statusCode: reading.StatusCode);
            }

            try
            {
                AccountMessage.Parse(reading.PlainXml!);
            }
            catch (WeChatXmlException)
            {
                return Results.Text("the push is not an account message", statusCode: 400);
            }

            return Results.Text("success", "text/plain");
        });

        app.MapGet("/health/live", () => Results.Ok());

        // The platform's webhook (WeChat:Components:0:WebhookUrl) in B4's runs with one: takes every delivery, no reply.
        app.MapPost("/webhook", () => Results.Ok());
    }
}
