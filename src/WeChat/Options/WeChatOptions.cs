namespace WeChat.Options;

/// <summary>The <c>WeChat</c> configuration section.</summary>
public sealed class WeChatOptions
{
    public const string Section = "WeChat";

    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";

    public string PortalBaseUrl { get; set; } = "https://mp.weixin.qq.com";

    public string MobilePortalBaseUrl { get; set; } = "https://open.weixin.qq.com";

    /// <summary>The gateway's own public URL for building redirect_uri; null means the request's scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }

    public List<ComponentOptions> Components { get; set; } = [];

    public List<VerificationFileOptions> VerificationFiles { get; set; } = [];

    /// <summary>How long one WeChat API call may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a transient failure (-1, 5xx, timeout) before it is reported.</summary>
    public int TransientRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The most connections one process keeps open to WeChat's API host at a time; a call beyond them waits for one
    /// (inside its <see cref="RequestTimeout"/>). Unbounded, refreshes falling due together opened one connection each:
    /// a million-account run held 14,000 sockets and died at the process's file limit.
    /// </summary>
    public int MaxConnections { get; set; } = 64;

    public ComponentOptions? FindComponent(string componentAppId) =>
        Components.Find(c => string.Equals(c.AppId, componentAppId, StringComparison.Ordinal));
}

/// <summary>One third-party platform (component) served by this deployment.</summary>
public sealed class ComponentOptions
{
    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    /// <summary>消息校验Token.</summary>
    public string Token { get; set; } = "";

    /// <summary>消息加解密Key: 43 characters.</summary>
    public string EncodingAESKey { get; set; } = "";

    public string? WebhookUrl { get; set; }

    public string? WebhookSecret { get; set; }

    /// <summary>
    /// More secrets every delivery is also signed with, for rotating without a moment when receivers refuse
    /// deliveries: add the new secret here, let receivers accept it, make it <see cref="WebhookSecret"/>, drop the old.
    /// </summary>
    public List<string> WebhookSecrets { get; set; } = [];
}

public sealed class VerificationFileOptions
{
    public string Name { get; set; } = "";

    public string Content { get; set; } = "";
}
