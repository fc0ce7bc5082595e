using System.Data.Common;
using Orleans.Storage;

namespace Grains.Storage;

/// <summary>
/// The cluster's grain storage, naming to <see cref="GrainStateJsonSerializer"/> the row each call reads or writes, so
/// the secrets in it are bound to that row. It takes part in the silo's lifecycle as the storage it wraps does.
/// </summary>
/// <remarks>
/// A database failure leaves as <see cref="PlatformProblem.StorageUnavailable"/>: a driver exception cannot be
/// serialized, so a grain whose activation failed on it would answer a caller on another silo (or a gateway) with a
/// codec failure instead of a problem it can act on.
/// </remarks>
internal sealed class RowBoundGrainStorage(IGrainStorage rows) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OnRowAsync(stateName, grainId, () => rows.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OnRowAsync(stateName, grainId, () => rows.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OnRowAsync(stateName, grainId, () => rows.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle lifecycle) => (rows as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private static async Task OnRowAsync(string stateName, GrainId grainId, Func<Task> run)
    {
        using (GrainStateJsonSerializer.For(StoredRow.Of(stateName, grainId)))
        {
            try
            {
                await run();
            }
            catch (DbException ex)
            {
                throw new PlatformException(PlatformProblem.StorageUnavailable,
                    $"The grain store is unreachable ({ex.GetType().Name}); try again shortly.", RetryAfter);
            }
        }
    }
}
