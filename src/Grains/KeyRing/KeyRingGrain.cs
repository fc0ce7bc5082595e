using Grains.Storage;

namespace Grains.KeyRing;

/// <summary>Holds the data-protection keys; their XML is encrypted at rest like tokens.</summary>
public sealed class KeyRingGrain(
    [PersistentState("key-ring", GrainStorage.Name)] IPersistentState<KeyRingState> state) : Grain, IKeyRingGrain
{
    private DurableState<KeyRingState>? _store;

    private DurableState<KeyRingState> Store => _store ??= new(state, this);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Store.FlushAsync();

    public Task<IReadOnlyList<string>> GetKeysAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Keys.Select(k => k.Xml)]);

    public Task StoreKeyAsync(string friendlyName, string keyXml) =>
        Store.WriteAsync(s =>
        {
            if (s.Keys.Exists(k => k.Name == friendlyName))
            {
                return false;
            }

            s.Keys.Add(new StoredKey { Name = friendlyName, Xml = keyXml });
            return true;
        });
}

[GenerateSerializer]
public sealed class KeyRingState
{
    [Id(0)]
    public List<StoredKey> Keys { get; set; } = [];
}

[GenerateSerializer]
public sealed class StoredKey
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1), Secret]
    public string Xml { get; set; } = "";
}
