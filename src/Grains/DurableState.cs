using Orleans.Storage;

namespace Grains;

/// <summary>
/// Grain state that must not be lost. Writes are serialized; a write that fails because storage is unreachable
/// stays in memory, is retried on the activation's <see cref="RetryTimer"/> (which keeps the grain active) until it
/// lands, and is never discarded by a reload. An ETag conflict re-reads the stored state and re-applies the unsaved
/// changes, each of which decides for itself whether it is still newer.
/// </summary>
internal sealed class DurableState<T>
    where T : class
{
    private readonly IPersistentState<T> _state;
    private readonly RetryTimer _retries;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Func<T, bool>> _unsaved = [];

    /// <summary>For a grain whose state is the only thing it retries.</summary>
    public DurableState(IPersistentState<T> state, IGrainBase grain)
    {
        _state = state;
        _retries = new RetryTimer(grain, RetryAsync, () => HasUnsavedChanges);
    }

    /// <summary>For a grain that retries more than its state on its one timer, which calls <see cref="RetryAsync"/>.</summary>
    public DurableState(IPersistentState<T> state, RetryTimer retries)
    {
        _state = state;
        _retries = retries;
    }

    public T State => _state.State;

    public bool HasUnsavedChanges => _unsaved.Count > 0;

    /// <summary>What to tell a caller whose change is held in memory until storage is back.</summary>
    public PlatformException StillUnsaved() => new(
        PlatformProblem.StorageUnavailable, "The store is unreachable; the change is kept in memory and saved when it is back.", RetryTimer.Period);

    /// <summary>Applies a change and saves it; false when the change did not apply. Throws
    /// <see cref="PlatformException"/> (<see cref="PlatformProblem.StorageUnavailable"/>) when the change is
    /// held in memory for a later save.</summary>
    public async Task<bool> WriteAsync(Func<T, bool> apply)
    {
        await _gate.WaitAsync();
        try
        {
            if (!apply(_state.State))
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

    /// <summary>
    /// Applies a claim and saves it, or finds that another activation wrote first: after an ETag conflict the claim is
    /// decided again on the stored state, never forced over it. Unlike a change, a claim is not held in memory for a
    /// later save (a claim no other activation can see claims nothing): storage unreachable throws
    /// <see cref="PlatformException"/> (<see cref="PlatformProblem.StorageUnavailable"/>).
    /// </summary>
    public async Task<bool> ClaimAsync(Func<T, bool> apply)
    {
        await _gate.WaitAsync();
        try
        {
            if (_unsaved.Count > 0)
            {
                throw StillUnsaved();
            }

            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (!apply(_state.State))
                {
                    return false;
                }

                try
                {
                    await _state.WriteStateAsync();
                    return true;
                }
                catch (InconsistentStateException)
                {
                    await ReadAsync();
                }
                catch (Exception ex)
                {
                    throw Unavailable(ex);
                }
            }

            // Written over twice while claiming: another activation is busy with this state.
            return false;
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

            await ReadAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            await _state.ReadStateAsync();
        }
        catch (Exception ex)
        {
            throw Unavailable(ex);
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

    /// <summary>Saves the changes held in memory, if any; still unreachable, they wait for the next retry.</summary>
    public async Task RetryAsync()
    {
        if (!HasUnsavedChanges)
        {
            return;
        }

        try
        {
            await ReloadAsync();
        }
        catch (PlatformException)
        {
            // Still unreachable: the timer tries again.
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            try
            {
                await _state.WriteStateAsync();
            }
            catch (InconsistentStateException)
            {
                await _state.ReadStateAsync();
                var changed = false;
                foreach (var apply in _unsaved)
                {
                    changed |= apply(_state.State);
                }

                if (changed)
                {
                    await _state.WriteStateAsync();
                }
            }
        }
        catch (InconsistentStateException)
        {
            // Another activation wrote again between the re-read and this write: the next tick re-reads once more.
            _retries.Start();
            throw new PlatformException(
                PlatformProblem.StorageUnavailable,
                "The stored state changed twice while this change was being saved; it is kept in memory and saved on the next retry.",
                RetryTimer.Period);
        }
        catch (Exception ex)
        {
            _retries.Start();
            throw Unavailable(ex);
        }

        _unsaved.Clear();
        _retries.StopIfSettled();
    }

    private static PlatformException Unavailable(Exception cause) => new(
        PlatformProblem.StorageUnavailable,
        $"The token store is unreachable ({cause.GetType().Name}); changes are kept in memory and saved when it is back.",
        RetryTimer.Period);
}
