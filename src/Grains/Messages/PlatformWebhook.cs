using WeChat.Options;

namespace Grains.Messages;

/// <summary>Where a platform's deliveries go and the secrets that sign them: none unless a URL and a secret are configured.</summary>
internal sealed class PlatformWebhook(string url, IReadOnlyList<string> secrets)
{
    public string Url { get; } = url;

    /// <summary><c>WebhookSecret</c> first, then <c>WebhookSecrets</c>: each delivery carries a signature by each.</summary>
    public IReadOnlyList<string> Secrets { get; } = secrets;

    public static PlatformWebhook? Of(WeChatOptions options, string componentAppId) =>
        options.FindComponent(componentAppId) is { WebhookUrl: { Length: > 0 } url, WebhookSecret: { Length: > 0 } secret } component
            ? new PlatformWebhook(url, [secret, .. component.WebhookSecrets])
            : null;
}
