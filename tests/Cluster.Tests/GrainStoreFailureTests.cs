using System.Net.Sockets;
using Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace Cluster.Tests;

/// <summary>
/// A grain whose state cannot be read fails its activation with what the storage threw, and that exception travels to
/// the caller, often on another silo or a gateway. A driver exception cannot be serialized (CI saw a silo's background
/// loop die of the codec failure while PostgreSQL was down), so the store answers a problem every caller understands.
/// </summary>
public sealed class GrainStoreFailureTests
{
    private static readonly GrainId Grain = GrainId.Create("quotaledger", "wx5a4db0c0de000001/wx0c1057e000000002");

    [Fact]
    public async Task A_database_failure_reaches_callers_as_storage_unavailable_and_crosses_the_wire_whole()
    {
        var storage = new RowBoundGrainStorage(new UnreachableDatabase());

        var read = await Assert.ThrowsAsync<PlatformException>(() => storage.ReadStateAsync("ledger", Grain, new GrainState<object>()));
        var write = await Assert.ThrowsAsync<PlatformException>(() => storage.WriteStateAsync("ledger", Grain, new GrainState<object>()));
        var clear = await Assert.ThrowsAsync<PlatformException>(() => storage.ClearStateAsync("ledger", Grain, new GrainState<object>()));

        Assert.All([read, write, clear], failure => Assert.Equal(PlatformProblem.StorageUnavailable, failure.Problem));
        var serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(PlatformException).Assembly))
            .BuildServiceProvider().GetRequiredService<Serializer>();
        var received = Assert.IsType<PlatformException>(serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(read)));
        Assert.Equal(PlatformProblem.StorageUnavailable, received.Problem);
        Assert.NotNull(received.RetryAfter);
    }

    [Fact]
    public async Task A_stale_etag_is_still_a_conflict_the_grain_resolves_itself()
    {
        var storage = new RowBoundGrainStorage(new UnreachableDatabase(conflict: true));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("ledger", Grain, new GrainState<object>()));
    }

    private sealed class UnreachableDatabase(bool conflict = false) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Fail();

        private Task Fail() => Task.FromException(conflict
            ? new InconsistentStateException("ETag mismatch", "stored", "held")
            : new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)));
    }
}
