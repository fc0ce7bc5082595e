using Grains.Storage;
using System.Globalization;

namespace Silo.Reencryption;

/// <summary>
/// One row of Orleans' grain state table (<c>orleans_storage</c>): its identity as Orleans' ADO.NET storage keys it,
/// the version every Orleans write compares and bumps, and the stored state.
/// </summary>
public sealed record StoredStateRow(
    int GrainIdHash,
    int GrainTypeHash,
    long GrainIdN0,
    long GrainIdN1,
    string GrainType,
    string? GrainIdExtension,
    int Version,
    byte[]? Payload)
{
    /// <summary>
    /// The row the secrets in it are bound to: the state's name and the grain's key. Every grain of the platform has
    /// a string key, kept whole in the extension column; a row without one was not written by them.
    /// </summary>
    public StoredRow Row => new(GrainType, GrainIdExtension ?? string.Create(CultureInfo.InvariantCulture, $"{GrainIdN0:x16}{GrainIdN1:x16}"));

    /// <summary>The grain as an operator knows it: the state's name and the grain's key (<c>authorizer/{component}/{authorizer}</c>).</summary>
    public string Grain => Row.ToString();
}
