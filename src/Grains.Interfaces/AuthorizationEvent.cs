namespace Grains.Interfaces;

/// <summary>What changed in an account's authorization of a platform, as its webhook is told.</summary>
[Alias("Grains.AuthorizationEvent")]
public enum AuthorizationEvent
{
    /// <summary>The account authorized the platform (first time, again after revoking, or after 61023).</summary>
    Authorized,

    /// <summary>An authorized account changed the permission sets it grants.</summary>
    UpdateAuthorized,

    /// <summary>The account revoked the authorization.</summary>
    Unauthorized,

    /// <summary>WeChat refused the account's refresh token (61023): it must authorize again.</summary>
    ReauthorizationRequired,
}
