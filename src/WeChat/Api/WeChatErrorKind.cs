namespace WeChat.Api;

/// <summary>What a caller should do about a WeChat failure.</summary>
public enum WeChatErrorKind
{
    /// <summary>-1, HTTP 5xx, timeouts, connection failures: retry with backoff.</summary>
    Transient,

    /// <summary>40001, 40014, 42001: the access token is invalid, superseded or expired; refresh and retry once.</summary>
    TokenRejected,

    /// <summary>61023: the authorizer refresh token is dead; the merchant must authorize again.</summary>
    RefreshTokenInvalid,

    /// <summary>
    /// 61003: the account does not (or no longer) authorize the platform. On api_authorizer_token it means the
    /// account revoked the authorization: no retry can succeed.
    /// </summary>
    AccountNotAuthorized,

    /// <summary>61005, 61006: the component_verify_ticket is expired or invalid; ask WeChat to push a new one.</summary>
    TicketProblem,

    /// <summary>61004: this machine's egress IP is not on the platform's whitelist.</summary>
    IpNotWhitelisted,

    /// <summary>45009, 45011: daily or per-minute quota exhausted; back off.</summary>
    Quota,

    /// <summary>
    /// 40029, 40030, 40163, 42002: a user's code (web-page OAuth, wx.login) or OAuth refresh token is invalid, used or
    /// expired. The caller's own mistake: sending it again cannot help, the user must sign in again.
    /// </summary>
    UserCodeRejected,

    Other,
}

public static class WeChatErrorCodes
{
    public const int SystemBusy = -1;
    public const int InvalidCredential = 40001;
    public const int InvalidGrantType = 40002;
    public const int InvalidAppId = 40013;
    public const int InvalidAccessToken = 40014;
    public const int InvalidUserCode = 40029;
    public const int InvalidOAuthRefreshToken = 40030;
    public const int InvalidAppSecret = 40125;
    public const int UserCodeUsed = 40163;
    public const int AccessTokenMissing = 41001;
    public const int AccessTokenExpired = 42001;
    public const int OAuthRefreshTokenExpired = 42002;
    public const int DailyQuotaReached = 45009;
    public const int MinuteQuotaReached = 45011;
    public const int DataFormatError = 47001;
    public const int ApiUnauthorized = 48001;
    public const int ClearQuotaLimitReached = 48006;
    public const int ComponentNotAuthorized = 61003;
    public const int ClientIpNotRegistered = 61004;
    public const int TicketExpired = 61005;
    public const int TicketInvalid = 61006;
    public const int CodeInvalid = 61009;
    public const int CodeExpired = 61010;
    public const int InvalidComponent = 61011;
    public const int MustUseComponentToken = 61014;
    public const int RefreshTokenInvalid = 61023;

    // Code management (wxa/*): see the shared code-management reference.
    public const int ApiNotAuthorizedToComponent = 61007;
    public const int PrivacyScanPending = 61039;
    public const int NotMiniProgram = 85015;
    public const int NoVersionInAudit = 85019;
    public const int ReleaseNotAllowed = 85020;
    public const int AuditInProgress = 85009;
    public const int AlreadyReleased = 85052;
    public const int NoAudit = 85058;
    public const int GrayPercentageTooLow = 85082;
    public const int AuditQuotaReached = 85085;
    public const int MustCommitBeforeAudit = 85086;
    public const int NavigateTargetsUndeclared = 85087;
    public const int MiniProgramNotInitialized = 86002;
    public const int ConcurrentLimit = 9402202;

    public static WeChatErrorKind Classify(int errorCode) => errorCode switch
    {
        SystemBusy or ConcurrentLimit => WeChatErrorKind.Transient,
        InvalidCredential or InvalidAccessToken or AccessTokenExpired => WeChatErrorKind.TokenRejected,
        RefreshTokenInvalid => WeChatErrorKind.RefreshTokenInvalid,
        ComponentNotAuthorized => WeChatErrorKind.AccountNotAuthorized,
        TicketExpired or TicketInvalid => WeChatErrorKind.TicketProblem,
        ClientIpNotRegistered => WeChatErrorKind.IpNotWhitelisted,
        DailyQuotaReached or MinuteQuotaReached => WeChatErrorKind.Quota,
        InvalidUserCode or InvalidOAuthRefreshToken or UserCodeUsed or OAuthRefreshTokenExpired => WeChatErrorKind.UserCodeRejected,
        _ => WeChatErrorKind.Other,
    };
}
