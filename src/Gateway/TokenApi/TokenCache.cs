using System.Collections.Concurrent;
using Grains;
using Microsoft.Extensions.Options;

namespace Gateway.TokenApi;

/// <summary>
/// Authorizer tokens this gateway handed out in the last <c>Gateway:TokenCacheDuration</c> (1 s by default), so a
/// busy account costs its grain one call per second per gateway rather than one per request. A cached token is
/// only served while it still has the contract's 60 s; a refresh through this gateway replaces it at once, and
/// a token refreshed through another replica is replaced here within the cache duration (it stays valid at
/// WeChat meanwhile; a caller who sees 40001 reports it and gets the new one).
/// </summary>
public sealed class TokenCache(IGrainFactory grains, TimeProvider time, IOptions<GatewayOptions> options)
{
    public static readonly TimeSpan ContractValidity = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (AccessToken Token, DateTimeOffset FetchedAt)> _tokens = new(StringComparer.Ordinal);

    public async ValueTask<AccessToken> GetAuthorizerTokenAsync(string componentAppId, string authorizerAppId)
    {
        var key = AuthorizerKey.For(componentAppId, authorizerAppId);
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(key, out var cached)
            && now - cached.FetchedAt < options.Value.TokenCacheDuration
            && cached.Token.ExpiresAt - now >= ContractValidity)
        {
            return cached.Token;
        }

        var token = await grains.GetGrain<IAuthorizerGrain>(key).GetTokenAsync();
        Remember(key, token, now);
        return token;
    }

    public async Task<AccessToken> RefreshAuthorizerTokenAsync(string componentAppId, string authorizerAppId, string rejectedToken)
    {
        var key = AuthorizerKey.For(componentAppId, authorizerAppId);
        var token = await grains.GetGrain<IAuthorizerGrain>(key).RefreshIfCurrentAsync(rejectedToken);
        Remember(key, token, time.GetUtcNow());
        return token;
    }

    private void Remember(string key, AccessToken token, DateTimeOffset now)
    {
        if (options.Value.TokenCacheDuration > TimeSpan.Zero)
        {
            _tokens[key] = (token, now);
        }
    }
}
