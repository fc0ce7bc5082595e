using Orleans.Storage;

namespace Grains.Storage;

/// <summary>
/// The cluster's grain storage, naming to <see cref="GrainStateJsonSerializer"/> the row each call reads or writes, so
/// the secrets in it are bound to that row. It takes part in the silo's lifecycle as the storage it wraps does.
/// </summary>
internal sealed class RowBoundGrainStorage(IGrainStorage rows) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using (GrainStateJsonSerializer.For(StoredRow.Of(stateName, grainId)))
        {
            await rows.ReadStateAsync(stateName, grainId, grainState);
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using (GrainStateJsonSerializer.For(StoredRow.Of(stateName, grainId)))
        {
            await rows.WriteStateAsync(stateName, grainId, grainState);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using (GrainStateJsonSerializer.For(StoredRow.Of(stateName, grainId)))
        {
            await rows.ClearStateAsync(stateName, grainId, grainState);
        }
    }

    public void Participate(ISiloLifecycle lifecycle) => (rows as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
