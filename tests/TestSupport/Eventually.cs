using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TestSupport;

/// <summary>
/// The one way tests wait: for a state, with a deadline. Checks at once, then again after 10 ms, backing off to
/// 250 ms between checks, and fails naming the condition (its source text) when the deadline passes first. A fixed
/// sleep is either too short on a loaded machine or wasted on an idle one.
/// </summary>
public static class Eventually
{
    /// <summary>Generous for a loaded 2-core CI machine; a state that takes longer by nature names its own deadline.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    public static Task Until(Func<bool> condition, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string what = "") =>
        Until(() => Task.FromResult(condition()), timeout, what);

    public static async Task Until(Func<Task<bool>> condition, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string what = "") =>
        await Until(condition, held => held, timeout, what);

    /// <summary>Reads until <paramref name="accept"/> takes what was read; answers that value.</summary>
    public static Task<T> Until<T>(Func<T> read, Func<T, bool> accept, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(accept))] string what = "") =>
        Until(() => Task.FromResult(read()), accept, timeout, what);

    /// <summary>Reads until <paramref name="accept"/> takes what was read; answers that value.</summary>
    /// <remarks>Preferred over the synchronous overload for a lambda that returns a task: the task's result is what is read.</remarks>
    [OverloadResolutionPriority(1)]
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(accept))] string what = "")
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        var pause = FirstPause;
        while (true)
        {
            var value = await read();
            if (accept(value))
            {
                return value;
            }

            if (waited.Elapsed >= limit)
            {
                var last = value switch
                {
                    bool => "",
                    System.Collections.IEnumerable values and not string => $" (last read: {string.Join(", ", values.Cast<object>())})",
                    _ => $" (last read: {value})",
                };
                throw new TimeoutException($"Not within {limit.TotalSeconds:0.#} s: {what}{last}");
            }

            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
