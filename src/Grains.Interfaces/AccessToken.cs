namespace Grains.Interfaces;

/// <summary>
/// A token handed to a caller, with the moment it stops working and, from its grain, the instant until which the grain
/// keeps it (its scheduled refresh); a grain that replaces or withdraws it earlier tells the gateways
/// (<see cref="Interfaces.ITokenInvalidationRegistryGrain"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Grains.AccessToken")]
public sealed record AccessToken(
    [property: Id(0)] string Value,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] DateTimeOffset? CurrentUntil = null)
{
    // Orleans prints a message body in some warnings (a response it rejected or discarded): the secret stays out.
    public override string ToString() => $"AccessToken {{ ExpiresAt = {ExpiresAt:O}, CurrentUntil = {CurrentUntil:O} }}";
}
