using System.Collections.Concurrent;
using Gateway.TokenApi;
using Grains;

namespace Gateway.Acting;

/// <summary>
/// The platform's component token for the routes that call WeChat with it (web-page OAuth, mini-program login, the
/// platform proxy). Every user login of every mini program passes here, so this gateway holds the token as long as
/// <see cref="TokenInvalidations"/> says (until the grain's scheduled refresh while subscribed to early replacements,
/// otherwise <c>Gateway:TokenCacheDuration</c>) instead of asking the platform's one grain each time; a token WeChat
/// rejects is reported to the grain (which refreshes only if it is still current) and the call sent once more.
/// </summary>
public sealed class ComponentTokens
{
    private readonly ConcurrentDictionary<string, (AccessToken Token, Freshness Freshness)> _held = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly TokenInvalidations _invalidations;
    private readonly TimeProvider _time;

    public ComponentTokens(IGrainFactory grains, TokenInvalidations invalidations, TimeProvider time)
    {
        (_grains, _invalidations, _time) = (grains, invalidations, time);
        invalidations.Replaced += owner => _held.TryRemove(owner, out _);
    }

    public async ValueTask<AccessToken> CurrentAsync(string componentAppId)
    {
        var now = _time.GetUtcNow();
        if (_held.TryGetValue(componentAppId, out var held)
            && _invalidations.IsFresh(held.Freshness, now)
            && held.Token.ExpiresAt - now >= TokenCache.ContractValidity)
        {
            return held.Token;
        }

        var before = _invalidations.Before();
        return Hold(componentAppId, await _grains.GetGrain<IComponentGrain>(componentAppId).GetTokenAsync(), now, before);
    }

    public async Task<AccessToken> RefreshAsync(string componentAppId, string rejectedToken)
    {
        var before = _invalidations.Before();
        return Hold(componentAppId, await _grains.GetGrain<IComponentGrain>(componentAppId).RefreshIfCurrentAsync(rejectedToken), _time.GetUtcNow(), before);
    }

    /// <summary>Calls WeChat with the component token; a rejected token is refreshed once and the call sent again.</summary>
    public async Task<T> CallAsync<T>(string componentAppId, Func<string, Task<T>> call) =>
        await TokenRejection.RetriedOnceAsync((await CurrentAsync(componentAppId)).Value, call, rejected => RefreshAsync(componentAppId, rejected));

    private AccessToken Hold(string componentAppId, AccessToken token, DateTimeOffset fetchedAt, TokenInvalidations.Snapshot before) =>
        _invalidations.Hold(token, fetchedAt, before, freshness =>
        {
            _held[componentAppId] = (token, freshness);
            return token;
        });
}
