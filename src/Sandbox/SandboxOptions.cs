namespace Sandbox;

/// <summary>
/// The <c>Sandbox</c> configuration section: the platforms and accounts this emulated WeChat knows, and its rules.
/// Every default is as strict as WeChat (docs/sandbox.md); a test that loosens one says why in its name.
/// </summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public List<SandboxComponent> Components { get; set; } = [];

    public List<SandboxAccount> Accounts { get; set; } = [];

    /// <summary>Adds the five groups of full-network-release test accounts (全网发布 专用测试账号).</summary>
    public bool IncludeReleaseTestAccounts { get; set; } = true;

    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often each component gets a ticket push; zero turns the timer off (api_start_push_ticket still pushes).</summary>
    public TimeSpan TicketPushInterval { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ComponentTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    public TimeSpan AuthorizerTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>Lifetime of a jsapi_ticket or wx_card api_ticket.</summary>
    public TimeSpan JsApiTicketLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    public TimeSpan PreAuthCodeLifetime { get; set; } = TimeSpan.FromSeconds(1800);

    /// <summary>The expires_in of the redirect; the authorized push says CreateTime + 3600 as captured from WeChat.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>A superseded component_access_token keeps working this long (WeChat staff: five minutes).</summary>
    public TimeSpan ComponentTokenGracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A superseded authorizer_access_token: WeChat documents no overlap, so by default none.</summary>
    public TimeSpan AuthorizerTokenGracePeriod { get; set; } = TimeSpan.Zero;

    /// <summary>A superseded jsapi_ticket or card api_ticket: no documented overlap, so by default none.</summary>
    public TimeSpan TicketGracePeriod { get; set; } = TimeSpan.Zero;

    /// <summary>A replaced authorizer_refresh_token (WeChat staff: a five-minute transition).</summary>
    public TimeSpan RefreshTokenGracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls per day of each API path (without a leading slash) before 45009; see <see cref="DailyQuota"/>.</summary>
    public Dictionary<string, int> DailyQuotas { get; set; } = DailyQuota.Defaults();

    /// <summary>The customer-service window: an account may message a user this long after the user's last message.</summary>
    public TimeSpan CustomerServiceWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long the release test waits for the QUERY_AUTH_CODE customer-service message after the push.</summary>
    public TimeSpan ReleaseTestApiDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts of a push (ticket, authorization event, message) before the sandbox gives up.</summary>
    public int PushAttempts { get; set; } = 3;

    /// <summary>How long a push waits for the platform's answer; WeChat waits 5 seconds.</summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public SandboxComponent? FindComponent(string? appId) =>
        Components.Find(c => string.Equals(c.AppId, appId, StringComparison.Ordinal));
}
