using System.Text;

namespace Grains.Storage;

/// <summary>
/// The row of grain storage a state is kept in, as Orleans' ADO.NET storage keys it: the state's name (its
/// <c>grain_type</c> column) and the grain's key (<c>grain_id_extension</c>: every grain here has a string key, which
/// that storage keeps whole there). Secrets are bound to it, so a ciphertext copied into another row does not decrypt.
/// </summary>
public sealed record StoredRow(string StateName, string GrainKey)
{
    public static StoredRow Of(string stateName, GrainId grainId) => new(stateName, grainId.Key.ToString()!);

    public override string ToString() => $"{StateName}/{GrainKey}";

    /// <summary>
    /// What AES-GCM authenticates with a secret besides the ciphertext: the property, the state and the grain's key.
    /// Property and state names come from code and hold no NUL, so the grain's key, last, cannot shift the others.
    /// </summary>
    public byte[] AssociatedData(string property) => Encoding.UTF8.GetBytes($"{property}\0{StateName}\0{GrainKey}");
}
