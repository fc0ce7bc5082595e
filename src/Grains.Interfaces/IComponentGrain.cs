namespace Grains.Interfaces;

/// <summary>One third-party platform, keyed by its component appid: its ticket, its token and the authorizations it completes.</summary>
[Alias("Grains.IComponentGrain")]
public interface IComponentGrain : IGrainWithStringKey
{
    /// <summary>Durably records a pushed component_verify_ticket; the push is acknowledged only after this returns.</summary>
    Task RecordTicketAsync(string ticket, DateTimeOffset pushedAt);

    /// <summary>A component_access_token valid for at least the configured minimum (60 s by default).</summary>
    Task<AccessToken> GetTokenAsync();

    /// <summary>A caller saw 40001/42001 with <paramref name="rejectedToken"/>: refresh only if it is still current.</summary>
    Task<AccessToken> RefreshIfCurrentAsync(string rejectedToken);

    Task<PreAuthCode> CreatePreAuthCodeAsync();

    /// <summary>
    /// Exchanges an authorization code (from the redirect or the authorized/updateauthorized event) with
    /// api_query_auth and hands the grant to the authorizer. The same code twice is exchanged once.
    /// </summary>
    Task<AuthorizerSummary> CompleteAuthorizationAsync(string authorizationCode);

    /// <summary>The unauthorized event: the authorizer stops refreshing.</summary>
    Task RevokeAuthorizationAsync(string authorizerAppId, DateTimeOffset revokedAt);

    /// <summary>
    /// Walks api_get_authorizer_list a page at a time: restores refresh tokens, so a damaged store never forces
    /// merchants to authorize again, and reconciles the authorizer index with WeChat. A walk interrupted by a crash
    /// resumes from its last page; a second caller joins the walk already running.
    /// </summary>
    Task<ReconciliationResult> RestoreRefreshTokensAsync();

    Task<ComponentStatus> GetStatusAsync();
}
