using Grains;
using Microsoft.Extensions.Caching.Memory;
using WeChat;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// Each account's original id (<c>user_name</c>, <c>gh_…</c>), which the decrypted <c>ToUserName</c> of its messages
/// must name: the message URL is not signed, so a push for one account re-posted to another's URL would otherwise be
/// taken as that account's. WeChat's release-test accounts are known by heart. Any other account's is read from its
/// grain (the profile fetched when it authorized) on the first message after this gateway starts, and then kept: an
/// original id never changes. An account whose id the platform does not know (never authorized, or its profile could
/// not be fetched) is asked again after <see cref="UnknownKeptFor"/>; until the id is known its messages are not
/// checked. At most <see cref="Capacity"/> accounts are kept, the least used leaving first.
/// </summary>
public sealed class AccountUserNames(IGrainFactory grains) : IDisposable
{
    /// <summary>Accounts kept; about 200 bytes each.</summary>
    public const int Capacity = 100_000;

    private static readonly TimeSpan UnknownKeptFor = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan UnusedKeptFor = TimeSpan.FromHours(6);

    private readonly MemoryCache _names = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>The account's original id; null while the platform does not know it.</summary>
    public async ValueTask<string?> FindAsync(string componentAppId, string authorizerAppId)
    {
        if (ReleaseTest.UserNameOf(authorizerAppId) is { } testAccount)
        {
            return testAccount;
        }

        var key = AuthorizerKey.For(componentAppId, authorizerAppId);
        if (_names.Get<Known>(key) is { } known)
        {
            return known.UserName;
        }

        var summary = await grains.GetGrain<IAuthorizerGrain>(key).GetSummaryAsync();
        return Keep(key, summary.Profile?.UserName);
    }

    /// <summary>Takes the original id from an authorization this gateway completed, saving a grain call on the next message.</summary>
    public void Remember(AuthorizerSummary summary)
    {
        if (summary.Profile?.UserName is { Length: > 0 } userName)
        {
            Keep(AuthorizerKey.For(summary.ComponentAppId, summary.AuthorizerAppId), userName);
        }
    }

    public void Dispose() => _names.Dispose();

    private string? Keep(string key, string? userName)
    {
        var known = new Known(userName is { Length: > 0 } ? userName : null);
        _names.Set(key, known, known.UserName is null
            ? new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = UnknownKeptFor }
            : new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = UnusedKeptFor });
        return known.UserName;
    }

    private sealed record Known(string? UserName);
}
