using System.Collections.Concurrent;
using System.Text.Json;
using Grains;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Gateway.TokenApi;

/// <summary>
/// Authorizer tokens this gateway handed out in the last <c>Gateway:TokenCacheDuration</c> (1 s by default), so a
/// busy account costs its grain one call per second per gateway rather than one per request. A cached token is
/// only served while it still has the contract's 60 s; a refresh through this gateway replaces it at once, and
/// a token refreshed through another replica is replaced here within the cache duration (it stays valid at
/// WeChat meanwhile; a caller who sees 40001 reports it and gets the new one). Each entry keeps its JSON answer
/// too, so the hottest route of the gateway serializes once per token rather than once per request.
/// </summary>
public sealed class TokenCache(IGrainFactory grains, TimeProvider time, IOptions<GatewayOptions> options, IOptions<JsonOptions> json)
{
    public static readonly TimeSpan ContractValidity = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);

    public async ValueTask<CachedToken> GetAuthorizerTokenAsync(string componentAppId, string authorizerAppId)
    {
        var key = AuthorizerKey.For(componentAppId, authorizerAppId);
        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(key, out var cached)
            && now - cached.FetchedAt < options.Value.TokenCacheDuration
            && cached.Token.ExpiresAt - now >= ContractValidity)
        {
            return cached;
        }

        return Remember(key, await grains.GetGrain<IAuthorizerGrain>(key).GetTokenAsync(), now);
    }

    public async Task<CachedToken> RefreshAuthorizerTokenAsync(string componentAppId, string authorizerAppId, string rejectedToken)
    {
        var key = AuthorizerKey.For(componentAppId, authorizerAppId);
        return Remember(key, await grains.GetGrain<IAuthorizerGrain>(key).RefreshIfCurrentAsync(rejectedToken), time.GetUtcNow());
    }

    private CachedToken Remember(string key, AccessToken token, DateTimeOffset now)
    {
        var cached = new CachedToken(token, JsonSerializer.SerializeToUtf8Bytes(TokenResponse.From(token), json.Value.SerializerOptions), now);
        if (options.Value.TokenCacheDuration > TimeSpan.Zero)
        {
            _tokens[key] = cached;
        }

        return cached;
    }
}

/// <summary>A token and the contract's JSON answer for it.</summary>
public sealed record CachedToken(AccessToken Token, byte[] Json, DateTimeOffset FetchedAt);
