namespace Grains;

/// <summary>A token handed to a caller, with the moment it stops working.</summary>
[GenerateSerializer, Immutable]
public sealed record AccessToken([property: Id(0)] string Value, [property: Id(1)] DateTimeOffset ExpiresAt);
