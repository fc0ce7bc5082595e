using System.Text.Json;
using Grains;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Gateway.TokenApi;

/// <summary>
/// Authorizer tokens this gateway handed out. A token is served without asking its grain until the grain's scheduled
/// refresh of it (at most <c>Gateway:TokenCacheMaxAge</c>, never inside the contract's 60 s), as long as this gateway
/// is subscribed to early replacements (<see cref="TokenInvalidations"/>): a rejection report or a revocation through
/// any gateway makes every gateway forget the token. Unsubscribed, a token is served for <c>Gateway:TokenCacheDuration</c>
/// (1 s). A token kept for its age alone is asked for again by the first read in the last quarter of that age, while
/// that read and the ones after it are still served from the entry: an account in use never waits for its grain.
/// A refresh through this gateway replaces it at once. After that, the token is the
/// fallback while its grain cannot be reached in <c>Gateway:GrainCallTimeout</c> (a silo died and membership has
/// not noticed yet): served as long as it keeps the contract's 60 s, never once a caller reported it rejected or
/// the grain answered that the account is gone. At most <c>Gateway:TokenCacheEntries</c> are kept. Each entry keeps
/// its JSON answer, so the hottest route serializes once per token rather than once per request.
/// </summary>
public sealed partial class TokenCache(
    IGrainFactory grains, TokenInvalidations invalidations, TimeProvider time, IOptions<GatewayOptions> options, IOptions<JsonOptions> json, ILogger<TokenCache> logger)
    : IDisposable
{
    public static readonly TimeSpan ContractValidity = TimeSpan.FromSeconds(60);

    private readonly MemoryCache _tokens = Subscribed(new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.TokenCacheEntries }), invalidations);

    public async ValueTask<CachedToken> GetAuthorizerTokenAsync(string componentAppId, string authorizerAppId)
    {
        var key = AuthorizerKey.For(componentAppId, authorizerAppId);
        var now = time.GetUtcNow();
        var remembered = _tokens.Get<CachedToken>(key) is { } entry && entry.Token.ExpiresAt - now >= ContractValidity ? entry : null;
        if (remembered is not null && invalidations.IsFresh(remembered.Freshness, now))
        {
            if (now >= remembered.Freshness.RefreshAheadFrom && remembered.ClaimRefreshAhead())
            {
                AskAhead(key, now);
            }

            return remembered;
        }

        var before = invalidations.Before();
        var call = grains.GetGrain<IAuthorizerGrain>(key).GetTokenAsync();
        try
        {
            var token = remembered is null ? await call : await call.WaitAsync(options.Value.GrainCallTimeout);
            return Remember(key, token, now, before);
        }
        catch (PlatformException ex) when (IsGone(ex))
        {
            _tokens.Remove(key);
            throw;
        }
        catch (Exception ex) when (ex is not PlatformException && remembered is not null && remembered.Token.ExpiresAt - time.GetUtcNow() >= ContractValidity)
        {
            // The grain's silo is unreachable or slow to answer: the token it gave us is still good at WeChat.
            LogServedRemembered(logger, componentAppId, authorizerAppId, ex.GetType().Name);
            ObserveLater(key, call, now, before);
            return remembered;
        }
    }

    public async Task<CachedToken> RefreshAuthorizerTokenAsync(string componentAppId, string authorizerAppId, string rejectedToken)
    {
        var key = AuthorizerKey.For(componentAppId, authorizerAppId);
        var before = invalidations.Before();
        if (_tokens.Get<CachedToken>(key) is { } cached && cached.Token.Value == rejectedToken)
        {
            _tokens.Remove(key);
        }

        return Remember(key, await grains.GetGrain<IAuthorizerGrain>(key).RefreshIfCurrentAsync(rejectedToken), time.GetUtcNow(), before);
    }

    public void Dispose() => _tokens.Dispose();

    private static MemoryCache Subscribed(MemoryCache tokens, TokenInvalidations invalidations)
    {
        invalidations.Replaced += owner => tokens.Remove(owner);
        return tokens;
    }

    private CachedToken Remember(string key, AccessToken token, DateTimeOffset now, TokenInvalidations.Snapshot before)
    {
        var body = Body(key, token);
        return invalidations.Hold(token, now, before, freshness => Keep(key, token, body, freshness));
    }

    /// <summary>
    /// An answer no read waits for is kept only if it may be trusted: an invalidation heard meanwhile may concern
    /// it, and no read needs it now (a read's own answer is kept for <c>Gateway:TokenCacheDuration</c> either way).
    /// </summary>
    private void RememberIfTrusted(string key, AccessToken token, DateTimeOffset now, TokenInvalidations.Snapshot before)
    {
        var body = Body(key, token);
        invalidations.Hold(token, now, before, freshness => freshness.TrustedUntil > freshness.FetchedAt ? Keep(key, token, body, freshness) : null);
    }

    private byte[] Body(string key, AccessToken token) =>
        _tokens.Get<CachedToken>(key) is { } held && held.Token.Value == token.Value && held.Token.ExpiresAt == token.ExpiresAt
            ? held.Json
            : JsonSerializer.SerializeToUtf8Bytes(TokenResponse.From(token), json.Value.SerializerOptions);

    private CachedToken Keep(string key, AccessToken token, byte[] body, Freshness freshness) =>
        _tokens.Set(key, new CachedToken(token, body, freshness), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = token.ExpiresAt - ContractValidity });

    private void AskAhead(string key, DateTimeOffset now)
    {
        var before = invalidations.Before();
        ObserveLater(key, grains.GetGrain<IAuthorizerGrain>(key).GetTokenAsync(), now, before);
    }

    /// <summary>
    /// The grain's answer to a call no read waits for (a late one, or one asked ahead) updates the entry, so the next
    /// read need not wait. A failed call leaves the entry to lapse: the next read past its trust asks and waits.
    /// A grain's answer that the account is gone drops it at once.
    /// </summary>
    private void ObserveLater(string key, Task<AccessToken> call, DateTimeOffset now, TokenInvalidations.Snapshot before) =>
        _ = call.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                RememberIfTrusted(key, t.Result, now, before);
                return;
            }

            if (t.Exception?.InnerException is PlatformException ex && IsGone(ex))
            {
                _tokens.Remove(key);
            }

            LogNotObserved(logger, key, t.Exception?.InnerException?.GetType().Name ?? "canceled");
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static bool IsGone(PlatformException ex) =>
        ex.Problem is PlatformProblem.Unauthorized or PlatformProblem.ReauthorizationRequired or PlatformProblem.UnknownAuthorizer;

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Authorizer {ComponentAppId}/{AuthorizerAppId}: grain unreachable ({Error}); served the token this gateway got last, still valid")]
    private static partial void LogServedRemembered(ILogger logger, string componentAppId, string authorizerAppId, string error);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Authorizer {GrainKey}: a token call no read waited for failed ({Error}); the held token lapses at its time, or now if the account is gone")]
    private static partial void LogNotObserved(ILogger logger, string grainKey, string error);
}

/// <summary>A token and the contract's JSON answer for it.</summary>
public sealed record CachedToken(AccessToken Token, byte[] Json, Freshness Freshness)
{
    private int _refreshAheadClaimed;

    /// <summary>True for the one read that asks the grain ahead for this entry (its answer, if trusted, replaces the entry).</summary>
    public bool ClaimRefreshAhead() => Interlocked.Exchange(ref _refreshAheadClaimed, 1) == 0;
}
