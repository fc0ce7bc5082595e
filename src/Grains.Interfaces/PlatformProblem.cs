namespace Grains.Interfaces;

[Alias("Grains.PlatformProblem")]
public enum PlatformProblem
{
    /// <summary>The platform is not configured in this deployment.</summary>
    UnknownComponent,

    /// <summary>No such authorizer has ever authorized this platform.</summary>
    UnknownAuthorizer,

    /// <summary>No component_verify_ticket has arrived yet (or none younger than 12 hours).</summary>
    NoTicket,

    /// <summary>WeChat is unreachable or busy and no valid token is at hand.</summary>
    WeChatUnavailable,

    /// <summary>WeChat's quota for the call is used up; calls resume after a back-off.</summary>
    QuotaExhausted,

    /// <summary>This deployment's egress IP is not on the platform's whitelist (61004).</summary>
    IpNotWhitelisted,

    /// <summary>The account revoked the authorization.</summary>
    Unauthorized,

    /// <summary>WeChat refused the refresh token; the merchant must authorize again.</summary>
    ReauthorizationRequired,

    /// <summary>An authorization code WeChat refused (invalid, expired or already used elsewhere).</summary>
    AuthorizationCodeRejected,

    /// <summary>Any other refusal by WeChat.</summary>
    WeChatRefused,

    /// <summary>The database is unreachable and what was asked needs it (no valid token in memory, a change to store).</summary>
    StorageUnavailable,

    // New members go last: the value is what silos and gateways exchange.

    /// <summary>The API is for the other kind of account (an official account's web-page OAuth asked of a mini program, or the reverse).</summary>
    WrongAccountKind,
}
