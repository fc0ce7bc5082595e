namespace Grains;

/// <summary>One authorized account of one platform, keyed <c>{componentAppId}/{authorizerAppId}</c>.</summary>
public interface IAuthorizerGrain : IGrainWithStringKey
{
    /// <summary>Stores a fresh grant from api_query_auth: refresh token first, then the access token.</summary>
    Task<AuthorizerSummary> AcceptGrantAsync(AuthorizerGrant grant);

    /// <summary>An authorizer_access_token valid for at least the configured minimum.</summary>
    Task<AccessToken> GetTokenAsync();

    /// <summary>A caller saw 40001/42001 with <paramref name="rejectedToken"/>: refresh only if it is still current.</summary>
    Task<AccessToken> RefreshIfCurrentAsync(string rejectedToken);

    Task RevokeAsync(DateTimeOffset revokedAt);

    /// <summary>Takes a refresh token recovered from WeChat when this grain has none (or a dead one).</summary>
    Task<bool> RestoreRefreshTokenAsync(string refreshToken);

    Task<AuthorizerSummary> GetSummaryAsync();

    /// <summary>A jsapi_ticket (for JS-SDK signatures) valid for at least <c>Tokens:MinimumValidity</c>; kept fresh like the token once asked for.</summary>
    Task<AccessToken> GetJsApiTicketAsync();
}

/// <summary>What api_query_auth answered for one authorizer.</summary>
[GenerateSerializer, Immutable]
public sealed record AuthorizerGrant(
    [property: Id(0)] string AuthorizerAppId,
    [property: Id(1)] string RefreshToken,
    [property: Id(2)] AccessToken? AccessToken,
    [property: Id(3)] IReadOnlyList<int> PermissionSets,
    [property: Id(4)] AccountProfile? Profile);

public static class AuthorizerKey
{
    public static string For(string componentAppId, string authorizerAppId) => $"{componentAppId}/{authorizerAppId}";

    public static (string ComponentAppId, string AuthorizerAppId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"'{key}' is not componentAppId/authorizerAppId.", nameof(key));
    }
}
