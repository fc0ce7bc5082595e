using WeChat.Api;

namespace Grains;

/// <summary>
/// The steps of a token's life that the component and authorizer grains share; each grain keeps only its own
/// decisions (where the credentials come from, what a refusal means for its account).
/// </summary>
internal static class TokenLifecycle
{
    /// <summary>
    /// The stored token can be handed out as it is: valid for <paramref name="atLeast"/>, and either not the rejected
    /// one or still within its rejection cooldown.
    /// </summary>
    public static bool Serves(this ITokenState state, DateTimeOffset now, TimeSpan atLeast, string? rejectedToken, TokenLifecycleOptions options) =>
        state.HasTokenValidFor(now, atLeast) && (state.AccessToken != rejectedToken || state.InRejectionCooldown(now, options));

    /// <summary>
    /// A token obtained because its predecessor was reported rejected is trusted for <c>Tokens:RejectionCooldown</c>:
    /// WeChat just issued it, so reports of it (repeated by anyone with the refresh scope, or caused by an API that
    /// rejects every token) refresh nothing and cannot spend the platform's quota.
    /// </summary>
    public static bool InRejectionCooldown(this ITokenState state, DateTimeOffset now, TokenLifecycleOptions options) =>
        state.ReplacesRejectedToken && now - state.AccessTokenObtainedAt < options.RejectionCooldown;

    /// <summary>Keeps serving the current token while it is valid, unless it is the very token WeChat rejected (outside its cooldown).</summary>
    public static AccessToken ServeCurrentOr(this ITokenState state, DateTimeOffset now, TokenLifecycleOptions options, PlatformException problem, string? rejectedToken) =>
        state.Serves(now, options.MinimumValidity, rejectedToken, options) ? state.CurrentToken() : throw problem;

    /// <summary>
    /// What comes before any refresh call to WeChat: re-read storage (during membership changes another activation
    /// may have refreshed already, and what is stored wins if good; without storage no refresh starts, since a rotated
    /// refresh token must be stored first), then honour a quota back-off. Answers the token to serve, or null when
    /// WeChat must be called.
    /// </summary>
    public static async Task<AccessToken?> BeforeCallingWeChatAsync<T>(DurableState<T> store, TimeProvider time, TokenLifecycleOptions options, string? rejectedToken, string api)
        where T : class, ITokenState
    {
        try
        {
            await store.ReloadAsync();
        }
        catch (PlatformException ex)
        {
            return store.State.ServeCurrentOr(time.GetUtcNow(), options, ex, rejectedToken);
        }

        var now = time.GetUtcNow();
        var keep = rejectedToken is null ? options.RefreshBefore : options.MinimumValidity;
        if (store.State.Serves(now, keep, rejectedToken, options))
        {
            return store.State.CurrentToken();
        }

        return store.State.QuotaBackoffUntil is { } until && until > now
            ? store.State.ServeCurrentOr(now, options, new PlatformException(PlatformProblem.QuotaExhausted,
                $"WeChat's quota for {api} is used up; calls resume after the back-off.", until - now), rejectedToken)
            : null;
    }
}
