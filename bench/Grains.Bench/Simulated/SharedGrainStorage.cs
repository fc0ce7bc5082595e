using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Grains.Bench.Simulated;

/// <summary>
/// Grain state rows held outside the silos, as a database holds them, with ETag checks: the state survives every silo
/// of the in-process cluster being killed. Counts its writes, which tell the driver that work is still going on.
/// </summary>
internal sealed class SharedGrainRows
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new();
    private long _version;

    public long Writes => Interlocked.Read(ref _version);

    public (byte[] Data, string ETag)? Read(string key) => _rows.TryGetValue(key, out var row) ? row : null;

    public string Write(string key, byte[] data, string? expectedETag)
    {
        lock (_rows)
        {
            var current = _rows.TryGetValue(key, out var row) ? row.ETag : null;
            if (current != expectedETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {key}", current ?? "", expectedETag ?? "");
            }

            var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rows[key] = (data, etag);
            return etag;
        }
    }

    public void Remove(string key) => _rows.TryRemove(key, out _);
}

/// <summary>One silo's view of the shared rows, through that silo's own serializer.</summary>
internal sealed class SharedGrainStorage(SharedGrainRows rows, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.Read(Key(stateName, grainId)) is { } row)
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = rows.Write(Key(stateName, grainId), serializer.SerializeToArray(grainState.State), grainState.ETag);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        rows.Remove(Key(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}|{grainId}";
}
