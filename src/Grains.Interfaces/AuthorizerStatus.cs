namespace Grains.Interfaces;

[Alias("Grains.AuthorizerStatus")]
public enum AuthorizerStatus
{
    /// <summary>Authorized: tokens are kept fresh.</summary>
    Authorized,

    /// <summary>The account revoked the authorization (unauthorized event); nothing is refreshed.</summary>
    Unauthorized,

    /// <summary>WeChat refused the refresh token (61023); the merchant must authorize again.</summary>
    ReauthorizationRequired,
}
