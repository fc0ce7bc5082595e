using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Gateway.WeChatCallbacks;

/// <summary>
/// Handles each push once on this gateway. WeChat pushes again what got no answer within 5 seconds (sealed anew), and
/// anyone who captured a push may post it again while its timestamp is accepted: a push that repeats one already
/// handled gets the first one's answer and is not acted on again. A repeat arriving while the first is still being
/// handled waits for it; if the first fails, the repeat is handled itself (once: failing again, WeChat is told to
/// push again). Only handled pushes are remembered, for twice the timestamp tolerance (after that their timestamp is
/// refused anyway), at most <see cref="Capacity"/> of them. A repeat reaching another replica is harmless too, one
/// level down: the code ledger, the outbox's deduplication and the revocation's time check.
/// </summary>
public sealed class HandledPushes(IOptions<GatewayOptions> options, CallbackMetrics metrics) : IDisposable
{
    /// <summary>Answers remembered; about 150 bytes each, plus any passive reply.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, Task<PushAnswer>> _running = new(StringComparer.Ordinal);
    private readonly MemoryCache _answered = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <param name="route">The callback route, for metrics: <c>events</c> or <c>messages</c>.</param>
    /// <param name="owner">Whose pushes these are: the platform, or the platform's account.</param>
    /// <param name="deduplicationKey">What makes two pushes the same, whatever their envelope.</param>
    /// <param name="handle">Acts on the push; answers <see cref="PushAnswer.NotHandled"/> for a failure worth a retry.</param>
    public async Task<PushAnswer> HandleOnceAsync(string route, string owner, string deduplicationKey, Func<Task<PushAnswer>> handle)
    {
        var key = Key(route, owner, deduplicationKey);
        var sawFailure = false;
        while (true)
        {
            var attempt = new TaskCompletionSource<PushAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = _running.GetOrAdd(key, attempt.Task);
            if (running == attempt.Task)
            {
                return await AttemptAsync(route, key, attempt, handle);
            }

            var first = await running;
            if (first.Handled)
            {
                metrics.Repeated(route);
                return first;
            }

            if (sawFailure)
            {
                return first;
            }

            sawFailure = true;
        }
    }

    public void Dispose() => _answered.Dispose();

    private async Task<PushAnswer> AttemptAsync(string route, string key, TaskCompletionSource<PushAnswer> attempt, Func<Task<PushAnswer>> handle)
    {
        var answer = PushAnswer.NotHandled;
        try
        {
            // Read while this request holds the key: an attempt remembers its answer before it lets go of the key.
            if (_answered.Get<PushAnswer>(key) is { } remembered)
            {
                metrics.Repeated(route);
                return answer = remembered;
            }

            answer = await handle();
            if (answer.Handled)
            {
                _answered.Set(key, answer, new MemoryCacheEntryOptions
                {
                    Size = 1 + ((answer.ReplyXml?.Length ?? 0) / 1024),
                    AbsoluteExpirationRelativeToNow = options.Value.PushTimestampTolerance * 2,
                });
            }

            return answer;
        }
        finally
        {
            attempt.SetResult(answer);
            _running.TryRemove(KeyValuePair.Create(key, attempt.Task));
        }
    }

    // Hashed: an unknown event's key is its whole XML, and a ticket's holds the ticket.
    private static string Key(string route, string owner, string deduplicationKey) =>
        $"{route}:{owner}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(deduplicationKey)))}";
}
