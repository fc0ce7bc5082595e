namespace Sandbox;

/// <summary>The <c>Sandbox</c> configuration section: the platforms and accounts this emulated WeChat knows.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public List<SandboxComponent> Components { get; set; } = [];

    public List<SandboxAccount> Accounts { get; set; } = [];

    /// <summary>The template library, the review's timing and verdicts, and the audit quotas (mini-program code management).</summary>
    public CodeManagement.CodeManagementOptions CodeManagement { get; set; } = new();

    /// <summary>Adds the five groups of full-network-release test accounts (全网发布 专用测试账号).</summary>
    public bool IncludeReleaseTestAccounts { get; set; } = true;

    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often each component gets a ticket push; zero turns the timer off (api_start_push_ticket still pushes).</summary>
    public TimeSpan TicketPushInterval { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ComponentTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    public TimeSpan AuthorizerTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    public TimeSpan JsApiTicketLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    public TimeSpan CardTicketLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>How long the code of a web-page OAuth redirect can be exchanged; WeChat says 5 minutes.</summary>
    public TimeSpan OAuthCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan OAuthAccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    public TimeSpan OAuthRefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a mini program's wx.login code can be exchanged; WeChat says 5 minutes.</summary>
    public TimeSpan JsCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Nicknames of the WeChat users offered on the OAuth page (more can be typed there); three demo users when empty.</summary>
    public List<string> Users { get; set; } = [];

    public TimeSpan PreAuthCodeLifetime { get; set; } = TimeSpan.FromSeconds(1800);

    /// <summary>The expires_in of the redirect; the authorized push says CreateTime + 3600 as captured from WeChat.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>How long a superseded component_access_token keeps working; WeChat documents 5 minutes.</summary>
    public TimeSpan ComponentTokenGracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a superseded authorizer_access_token keeps working: WeChat documents no overlap, so none by default.</summary>
    public TimeSpan AuthorizerTokenGracePeriod { get; set; } = TimeSpan.Zero;

    /// <summary>How long a superseded jsapi_ticket keeps working: undocumented at WeChat, so none by default.</summary>
    public TimeSpan JsApiTicketGracePeriod { get; set; } = TimeSpan.Zero;

    /// <summary>How long a superseded wx_card ticket keeps working: undocumented at WeChat, so none by default.</summary>
    public TimeSpan CardTicketGracePeriod { get; set; } = TimeSpan.Zero;

    /// <summary>How long a replaced authorizer_refresh_token keeps working; a WeChat staff answer says 5 minutes.</summary>
    public TimeSpan RefreshTokenGracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Calls per API path, per appid and day before 45009 (docs/wechat-protocol.md §3.10): the token fetch counts for
    /// the platform, api_authorizer_token and getticket for each account. WeChat publishes none of these numbers; the
    /// component token's is the one observed through quota/get, the others are guesses of the same order.
    /// </summary>
    public Dictionary<string, int> DailyQuotas { get; set; } = new(StringComparer.Ordinal)
    {
        [WeChat.Api.ComponentApis.ComponentToken] = 10_000,
        [WeChat.Api.ComponentApis.AuthorizerToken] = 2_000,
        [WeChat.Api.ComponentApis.GetTicket] = 2_000,
        [WeChat.Api.ComponentApis.CustomSend] = 500_000,

        // Observed at WeChat (30 a day, the history listing on the same path counting too); per account here.
        [Sandbox.CodeManagement.CodeApis.RevertCodeRelease] = 30,

        // Called once per user sign-in, so WeChat limits them per minute (45011), not per day.
        [WeChat.Api.ComponentApis.JsCodeToSession] = int.MaxValue,
        [WeChat.Api.ComponentApis.OAuthAccessToken] = int.MaxValue,
        [WeChat.Api.ComponentApis.OAuthRefreshToken] = int.MaxValue,
    };

    /// <summary>The daily quota of an API <see cref="DailyQuotas"/> does not list (a guess).</summary>
    public int DefaultDailyQuota { get; set; } = 10_000;

    public int DailyQuota(string api) => DailyQuotas.TryGetValue(api, out var limit) ? limit : DefaultDailyQuota;

    /// <summary>How long the release test waits for the customer-service answer to QUERY_AUTH_CODE; WeChat states no number, this is a guess.</summary>
    public TimeSpan ReleaseTestApiDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts of a push (ticket, authorization event, message) before the sandbox gives up.</summary>
    public int PushAttempts { get; set; } = 3;

    /// <summary>How long a push waits for the platform's answer; WeChat waits 5 seconds.</summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan GracePeriod(State.TokenKind kind) => kind switch
    {
        State.TokenKind.Component => ComponentTokenGracePeriod,
        State.TokenKind.Authorizer => AuthorizerTokenGracePeriod,
        State.TokenKind.JsApiTicket => JsApiTicketGracePeriod,
        _ => CardTicketGracePeriod,
    };

    public SandboxComponent? FindComponent(string? appId) =>
        Components.Find(c => string.Equals(c.AppId, appId, StringComparison.Ordinal));
}

public sealed class SandboxComponent
{
    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    public string Token { get; set; } = "";

    public string EncodingAESKey { get; set; } = "";

    /// <summary>授权事件接收URL: tickets and authorization events are pushed here.</summary>
    public string? EventUrl { get; set; }

    /// <summary>消息与事件接收URL; <c>$APPID$</c> is replaced by the authorizer appid.</summary>
    public string? MessageUrl { get; set; }

    /// <summary>Egress IPs allowed to call the APIs (IP whitelist); as at WeChat, a platform with none set is refused everywhere (61004).</summary>
    public List<string> AllowedClientIps { get; set; } = [];

    /// <summary>授权发起页域名: the authorization page must be opened from a page on this host and redirect to it; unset, it refuses every request.</summary>
    public string? InitiatingPageDomain { get; set; }

    /// <summary>Permission sets (func_info ids) this platform declared; an authorization grants these.</summary>
    public List<int> PermissionSets { get; set; } = [1, 2, 3, 4, 8, 11, 17, 18, 19];

    public bool AdmitsCaller(System.Net.IPAddress? caller)
    {
        if (caller is null)
        {
            return false;
        }

        var address = caller.IsIPv4MappedToIPv6 ? caller.MapToIPv4() : caller;
        return AllowedClientIps.Exists(ip => System.Net.IPAddress.TryParse(ip, out var allowed) && allowed.Equals(address));
    }
}

public enum SandboxAccountKind
{
    OfficialAccount,
    MiniProgram,
}

/// <summary>An official account or mini program that can authorize platforms on the sandbox's authorization page.</summary>
public sealed class SandboxAccount
{
    public string AppId { get; set; } = "";

    /// <summary>The original id (gh_...), ToUserName of its messages.</summary>
    public string UserName { get; set; } = "";

    public string NickName { get; set; } = "";

    public SandboxAccountKind Kind { get; set; }

    public string PrincipalName { get; set; } = "Sandbox Test Co., Ltd.";

    /// <summary>service_type_info: 0 subscription account (订阅号), 2 service account (服务号); mini programs report 0.</summary>
    public int ServiceType { get; set; } = 2;

    /// <summary>False reports verify_type_info -1 (未认证).</summary>
    public bool Verified { get; set; } = true;

    /// <summary>The permission sets its admin leaves ticked when approving; null grants all the platform asks for, empty none.</summary>
    public List<int>? GrantedPermissionSets { get; set; }

    /// <summary>The open-platform account (开放平台账号) this account is bound to: a user has one unionid across its accounts; none without.</summary>
    public string? OpenPlatformAccount { get; set; }
}
