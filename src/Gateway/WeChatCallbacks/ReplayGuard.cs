using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// Remembers the pushes handled within the timestamp tolerance, so a captured push replayed later is refused.
/// A push is remembered only once handled, so WeChat's retry of a push that failed here still gets through.
/// </summary>
public sealed class ReplayGuard(IMemoryCache cache, IOptions<GatewayOptions> options)
{
    public bool WasHandled(string componentAppId, string timestamp, string nonce, string signature) =>
        cache.TryGetValue(Key(componentAppId, timestamp, nonce, signature), out _);

    public void Handled(string componentAppId, string timestamp, string nonce, string signature) =>
        cache.Set(Key(componentAppId, timestamp, nonce, signature), true, options.Value.PushTimestampTolerance * 2);

    private static string Key(string componentAppId, string timestamp, string nonce, string signature) =>
        $"push:{componentAppId}:{timestamp}:{nonce}:{signature}";
}
