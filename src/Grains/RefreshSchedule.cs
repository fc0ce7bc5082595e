using System.IO.Hashing;
using System.Text;

namespace Grains;

/// <summary>When a token's refresh comes due: <c>RefreshBefore</c> ahead of its expiry, plus a jitter of its own.</summary>
internal static class RefreshSchedule
{
    /// <summary>
    /// The jitter is a stable function of the grain and the token's expiry, so asking twice gives the same instant
    /// (and no second reminder write), while tokens issued in one burst spread over <c>RefreshJitter</c>.
    /// </summary>
    public static DateTimeOffset DueAt(DateTimeOffset expiresAt, string grainKey, TokenLifecycleOptions options)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes($"{grainKey}|{expiresAt.UtcTicks}"));
        var jitter = TimeSpan.FromTicks((long)(options.RefreshJitter.Ticks * (hash / (double)uint.MaxValue)));
        return expiresAt - options.RefreshBefore + jitter;
    }
}
