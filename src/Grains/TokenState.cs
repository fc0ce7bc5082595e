using WeChat.Api;

namespace Grains;

/// <summary>The token fields both token grains persist.</summary>
internal interface ITokenState
{
    string? AccessToken { get; set; }

    DateTimeOffset AccessTokenExpiresAt { get; set; }

    /// <summary>When WeChat issued the stored token: a stale activation never replaces a newer one.</summary>
    DateTimeOffset AccessTokenObtainedAt { get; set; }

    /// <summary>The stored token was obtained because the one before it was reported rejected.</summary>
    bool ReplacesRejectedToken { get; set; }

    string? LastProblem { get; set; }

    DateTimeOffset? QuotaBackoffUntil { get; set; }
}

/// <summary>The rules for a stored token, shared by the component and authorizer grains.</summary>
internal static class TokenState
{
    public static bool HasTokenValidFor(this ITokenState state, DateTimeOffset now, TimeSpan atLeast) =>
        state.AccessToken is not null && state.AccessTokenExpiresAt - now >= atLeast;

    public static AccessToken CurrentToken(this ITokenState state) => new(state.AccessToken!, state.AccessTokenExpiresAt);

    /// <summary>
    /// Stores a token WeChat just issued, unless the stored one was issued later (by another activation);
    /// <paramref name="replacesRejected"/> when a caller's report of the previous token caused it.
    /// </summary>
    public static bool StoreToken(this ITokenState state, string token, int expiresIn, DateTimeOffset obtainedAt, bool replacesRejected)
    {
        if (state.AccessTokenObtainedAt > obtainedAt)
        {
            return false;
        }

        state.AccessToken = token;
        state.AccessTokenExpiresAt = obtainedAt.AddSeconds(expiresIn);
        state.AccessTokenObtainedAt = obtainedAt;
        state.ReplacesRejectedToken = replacesRejected;
        state.LastProblem = null;
        state.QuotaBackoffUntil = null;
        return true;
    }

    /// <summary>Records a failed WeChat call for the status page; a quota error also starts the back-off.</summary>
    public static void RecordFailure(this ITokenState state, WeChatApiException error, DateTimeOffset now, TokenLifecycleOptions options)
    {
        state.LastProblem = $"{now:u} {error.Kind}: {error.Message}";
        if (error.Kind == WeChatErrorKind.Quota)
        {
            state.QuotaBackoffUntil = now + WeChatFailures.QuotaBackoff(error, options);
        }
    }
}
