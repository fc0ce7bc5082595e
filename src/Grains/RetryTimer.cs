namespace Grains;

/// <summary>
/// An activation's one retry timer, for whatever storage or a peer refused: an unsaved state write, an index row, a
/// hand-over to the outbox. It runs only while something is pending (and keeps the grain active meanwhile); each tick
/// retries everything pending, in the order the grain gives.
/// </summary>
internal sealed class RetryTimer(IGrainBase grain, Func<Task> retryPending, Func<bool> anythingPending)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private IGrainTimer? _timer;

    /// <summary>Something could not be done: the timer runs until nothing is pending.</summary>
    public void Start() =>
        _timer ??= grain.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions(Period, Period) { KeepAlive = true });

    /// <summary>Something landed: the timer stops once nothing else is pending.</summary>
    public void StopIfSettled()
    {
        if (_timer is not null && !anythingPending())
        {
            _timer.Dispose();
            _timer = null;
        }
    }

    private async Task TickAsync()
    {
        await retryPending();
        StopIfSettled();
    }
}
