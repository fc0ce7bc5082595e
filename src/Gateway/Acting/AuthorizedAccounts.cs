using Grains;
using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Acting;

/// <summary>
/// What the acting routes check before calling WeChat for an account: that it authorizes the platform (else the
/// token routes' 404 or 410 problem) and is the kind of account the API is for. An answer is remembered for a few
/// seconds, since a mini program's every user login asks.
/// </summary>
public sealed class AuthorizedAccounts(IGrainFactory grains, IMemoryCache cache)
{
    private static readonly TimeSpan Remembered = TimeSpan.FromSeconds(5);

    public async Task<AuthorizerSummary> RequireAsync(string componentAppId, string authorizerAppId, bool miniProgram)
    {
        var key = AuthorizerKey.For(componentAppId, authorizerAppId);
        if (!cache.TryGetValue(key, out AuthorizerSummary? summary) || summary is null)
        {
            summary = await grains.GetGrain<IAuthorizerGrain>(key).GetAuthorizedAsync();
            cache.Set(key, summary, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Remembered, Size = 1 });
        }

        // Accounts whose profile was never fetched are let through: WeChat itself refuses the wrong kind.
        if (summary.Profile is { } profile && profile.IsMiniProgram != miniProgram)
        {
            throw new PlatformException(PlatformProblem.WrongAccountKind, miniProgram
                ? $"{authorizerAppId} is an official account; mini-program login is for mini programs."
                : $"{authorizerAppId} is a mini program; web-page authorization and JS-SDK are for official accounts.");
        }

        return summary;
    }

    /// <summary>WeChat said the account no longer authorizes the platform: the next call asks the grain again.</summary>
    public void Forget(string componentAppId, string authorizerAppId) => cache.Remove(AuthorizerKey.For(componentAppId, authorizerAppId));
}
