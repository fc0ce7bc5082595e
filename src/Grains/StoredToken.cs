using WeChat.Api;

namespace Grains;

/// <summary>
/// A token grain's stored token as the grain reads it: <see cref="TokenState"/>'s rules applied with the grain's
/// clock, options and refresh schedule, written once for the component and authorizer grains.
/// </summary>
internal sealed class StoredToken<T>(DurableState<T> store, TimeProvider time, TokenLifecycleOptions options, Func<DateTimeOffset> dueAt)
    where T : class, ITokenState
{
    public bool HasValidFor(TimeSpan atLeast) => store.State.HasTokenValidFor(time.GetUtcNow(), atLeast);

    public AccessToken Current() => store.State.CurrentToken();

    /// <summary>The stored token can answer a caller who reported <paramref name="rejectedToken"/>.</summary>
    public bool Serves(string rejectedToken) => store.State.Serves(time.GetUtcNow(), options.MinimumValidity, rejectedToken, options);

    /// <summary>The current token while it is valid (and not the one WeChat rejected); otherwise <paramref name="problem"/> is thrown.</summary>
    public AccessToken CurrentOr(PlatformException problem, string? rejectedToken) =>
        store.State.ServeCurrentOr(time.GetUtcNow(), options, problem, rejectedToken);

    /// <summary>The token as handed out: with its scheduled refresh, until which gateways may keep it without asking.</summary>
    public AccessToken HandedOut(AccessToken token) =>
        token.Value == store.State.AccessToken ? token with { CurrentUntil = dueAt() } : token;
}
