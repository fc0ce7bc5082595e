using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Grains.Tests.Support;

/// <summary>
/// Rows shared by every silo of an in-process test cluster, with ETag checks like a database's, so state
/// survives a stopped silo and a stale write is refused.
/// </summary>
public sealed class SharedGrainStore
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new();
    private readonly Dictionary<string, int> _inBetween = [];
    private long _version;

    /// <summary>Which rows the silos cannot reach, by state name (an outage of the database, or of part of it); null: none.</summary>
    public Func<string, bool>? Unreachable { get; set; }

    /// <summary>
    /// For the next <paramref name="times"/> writes of an existing row of <paramref name="stateName"/>, another
    /// activation writes that row first (the same content under a new ETag), so each of those writes meets a conflict.
    /// </summary>
    public void WriteInBetween(string stateName, int times)
    {
        lock (_rows)
        {
            _inBetween[stateName] = times;
        }
    }

    public (byte[] Data, string ETag)? Read(string key) => _rows.TryGetValue(key, out var row) ? row : null;

    public string Write(string key, byte[] data, string? expectedETag)
    {
        lock (_rows)
        {
            var stateName = key[..key.IndexOf('|', StringComparison.Ordinal)];
            if (_inBetween.GetValueOrDefault(stateName) > 0 && _rows.TryGetValue(key, out var other))
            {
                _inBetween[stateName]--;
                _rows[key] = (other.Data, (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var current = _rows.TryGetValue(key, out var row) ? row.ETag : null;
            if (current != expectedETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {key}", current ?? "", expectedETag ?? "");
            }

            var etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rows[key] = (data, etag);
            return etag;
        }
    }

    public void Remove(string key) => _rows.TryRemove(key, out _);

    public static string Key(string stateName, GrainId grainId) => $"{stateName}|{grainId}";

    /// <summary>What a silo meets when it reaches for a row of <paramref name="stateName"/>.</summary>
    public void ThrowIfUnreachable(string stateName)
    {
        if (Unreachable?.Invoke(stateName) == true)
        {
            throw new IOException($"The store is unreachable for {stateName}.");
        }
    }
}

/// <summary>One silo's view of the shared rows, serializing with that silo's own serializer.</summary>
public sealed class SharedGrainStorage(SharedGrainStore store, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.ThrowIfUnreachable(stateName);
        if (store.Read(SharedGrainStore.Key(stateName, grainId)) is { } row)
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.ThrowIfUnreachable(stateName);
        grainState.ETag = store.Write(SharedGrainStore.Key(stateName, grainId), serializer.SerializeToArray(grainState.State), grainState.ETag);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Remove(SharedGrainStore.Key(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
