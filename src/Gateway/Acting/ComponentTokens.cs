using System.Collections.Concurrent;
using Grains;
using Microsoft.Extensions.Options;

namespace Gateway.Acting;

/// <summary>
/// The platform's component token for the routes that call WeChat with it (web-page OAuth, mini-program login, the
/// platform proxy). Every user login of every mini program passes here, so this gateway holds the token for
/// <c>Gateway:TokenCacheDuration</c> instead of asking the platform's one grain each time; a token WeChat rejects is
/// reported to the grain (which refreshes only if it is still current) and the call sent once more.
/// </summary>
public sealed class ComponentTokens(IGrainFactory grains, TimeProvider time, IOptions<GatewayOptions> options)
{
    private readonly ConcurrentDictionary<string, (AccessToken Token, DateTimeOffset FetchedAt)> _held = new(StringComparer.Ordinal);

    public async ValueTask<AccessToken> CurrentAsync(string componentAppId)
    {
        var now = time.GetUtcNow();
        if (_held.TryGetValue(componentAppId, out var held)
            && now - held.FetchedAt < options.Value.TokenCacheDuration
            && held.Token.ExpiresAt - now >= TokenApi.TokenCache.ContractValidity)
        {
            return held.Token;
        }

        return Hold(componentAppId, await grains.GetGrain<IComponentGrain>(componentAppId).GetTokenAsync(), now);
    }

    public async Task<AccessToken> RefreshAsync(string componentAppId, string rejectedToken) =>
        Hold(componentAppId, await grains.GetGrain<IComponentGrain>(componentAppId).RefreshIfCurrentAsync(rejectedToken), time.GetUtcNow());

    /// <summary>Calls WeChat with the component token; a rejected token is refreshed once and the call sent again.</summary>
    public async Task<T> CallAsync<T>(string componentAppId, Func<string, Task<T>> call) =>
        await TokenRejection.RetriedOnceAsync((await CurrentAsync(componentAppId)).Value, call, rejected => RefreshAsync(componentAppId, rejected));

    private AccessToken Hold(string componentAppId, AccessToken token, DateTimeOffset fetchedAt)
    {
        _held[componentAppId] = (token, fetchedAt);
        return token;
    }
}
