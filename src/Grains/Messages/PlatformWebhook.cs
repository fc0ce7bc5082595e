using WeChat.Options;

namespace Grains.Messages;

/// <summary>Where a platform's deliveries go and the secret that signs them: none unless both are configured.</summary>
internal sealed class PlatformWebhook(string url, string secret)
{
    public string Url { get; } = url;

    public string Secret { get; } = secret;

    public static PlatformWebhook? Of(WeChatOptions options, string componentAppId) =>
        options.FindComponent(componentAppId) is { WebhookUrl: { Length: > 0 } url, WebhookSecret: { Length: > 0 } secret }
            ? new PlatformWebhook(url, secret)
            : null;
}
