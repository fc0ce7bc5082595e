using Orleans.Storage;

namespace Grains;

/// <summary>
/// Grain state that must not be lost. Writes are serialized; a write that fails because storage is unreachable
/// stays in memory, is retried on a grain timer (which keeps the grain active) until it lands, and is never
/// discarded by a reload. An ETag conflict re-reads the stored state and re-applies the unsaved changes, each of
/// which decides for itself whether it is still newer.
/// </summary>
internal sealed class DurableState<T>(IPersistentState<T> state, IGrainBase grain)
    where T : class
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Func<T, bool>> _unsaved = [];
    private IGrainTimer? _retry;

    public T State => state.State;

    public bool HasUnsavedChanges => _unsaved.Count > 0;

    /// <summary>What to tell a caller whose change is held in memory until storage is back.</summary>
    public PlatformException StillUnsaved() => new(
        PlatformProblem.StorageUnavailable, "The store is unreachable; the change is kept in memory and saved when it is back.", RetryPeriod);

    /// <summary>Applies a change and saves it; false when the change did not apply. Throws
    /// <see cref="PlatformException"/> (<see cref="PlatformProblem.StorageUnavailable"/>) when the change is
    /// held in memory for a later save.</summary>
    public async Task<bool> WriteAsync(Func<T, bool> apply)
    {
        await _gate.WaitAsync();
        try
        {
            if (!apply(state.State))
            {
                return false;
            }

            _unsaved.Add(apply);
            await SaveAsync();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Re-reads storage, to see a newer write by another activation; unsaved changes are saved first.</summary>
    public async Task ReloadAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_unsaved.Count > 0)
            {
                await SaveAsync();
                return;
            }

            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception ex)
            {
                throw Unavailable(ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One last attempt when the grain deactivates.</summary>
    public async Task FlushAsync()
    {
        if (_unsaved.Count == 0)
        {
            return;
        }

        try
        {
            await ReloadAsync();
        }
        catch (PlatformException)
        {
            // Storage is still down and the silo is letting the grain go; nothing more can be done here.
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (InconsistentStateException)
            {
                await state.ReadStateAsync();
                var changed = false;
                foreach (var apply in _unsaved)
                {
                    changed |= apply(state.State);
                }

                if (changed)
                {
                    await state.WriteStateAsync();
                }
            }
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            _retry ??= grain.RegisterGrainTimer(RetryAsync, new GrainTimerCreationOptions(RetryPeriod, RetryPeriod) { KeepAlive = true });
            throw Unavailable(ex);
        }

        _unsaved.Clear();
        _retry?.Dispose();
        _retry = null;
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReloadAsync();
        }
        catch (PlatformException)
        {
            // Still unreachable: the timer tries again.
        }
    }

    private static PlatformException Unavailable(Exception cause) => new(
        PlatformProblem.StorageUnavailable,
        $"The token store is unreachable ({cause.GetType().Name}); changes are kept in memory and saved when it is back.",
        RetryPeriod);
}
