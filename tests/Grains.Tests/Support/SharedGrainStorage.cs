using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Grains.Tests.Support;

/// <summary>
/// Grain storage shared by every silo of an in-process test cluster, with ETag checks like a database's, so
/// state survives a stopped silo and a stale write is refused. Values are stored serialized, never shared.
/// </summary>
public sealed class SharedGrainStorage(Serializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new();
    private long _version;

    public int Writes => (int)Interlocked.Read(ref _writes);

    private long _writes;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_rows.TryGetValue(Key(stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var data = serializer.SerializeToArray(grainState.State);
        lock (_rows)
        {
            var exists = _rows.TryGetValue(key, out var row);
            if ((exists ? row.ETag : null) != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {key}", row.ETag ?? "", grainState.ETag ?? "");
            }

            _rows[key] = (data, etag);
        }

        Interlocked.Increment(ref _writes);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _rows.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public T? Peek<T>(string stateName, GrainId grainId) =>
        _rows.TryGetValue(Key(stateName, grainId), out var row) ? serializer.Deserialize<T>(row.Data) : default;

    private static string Key(string stateName, GrainId grainId) => $"{stateName}|{grainId}";
}
