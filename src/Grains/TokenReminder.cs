using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Grains;

/// <summary>
/// A grain's one reminder, due when its next refresh is, with the lifecycle's period as the safety net: a refresh
/// that succeeds moves the reminder to the next due instant, one that fails leaves it to tick again a period later.
/// </summary>
internal sealed partial class TokenReminder(IGrainBase grain, string name, TimeSpan period, ILogger logger)
{
    private DateTimeOffset? _dueAt;

    /// <summary>
    /// Moves the reminder to <paramref name="dueAt"/>. An instant already past means the refresh is failing: the
    /// reminder keeps its period, unless this activation has not registered it yet and <paramref name="ensure"/> asks.
    /// </summary>
    public async Task MoveToAsync(DateTimeOffset dueAt, DateTimeOffset now, bool ensure = false)
    {
        if (dueAt <= now && !(ensure && _dueAt is null))
        {
            return;
        }

        if (_dueAt == dueAt)
        {
            return;
        }

        try
        {
            await grain.RegisterOrUpdateReminder(name, dueAt > now ? dueAt - now : TimeSpan.Zero, period);
            _dueAt = dueAt;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The reminder as it was still ticks with its period; the next move tries again.
            LogNotMoved(logger, grain.GrainContext.GrainId.ToString(), ex.GetType().Name);
        }
    }

    /// <summary>Forgets what this activation registered, so the next move writes the reminder again.</summary>
    public void Forget() => _dueAt = null;

    public async Task StopAsync()
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        _dueAt = null;
    }

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Grain {GrainId}: reminder not moved ({Error}); its period keeps it ticking")]
    private static partial void LogNotMoved(ILogger logger, string grainId, string error);
}
