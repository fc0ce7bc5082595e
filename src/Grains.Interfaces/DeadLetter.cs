namespace Grains.Interfaces;

/// <summary>
/// A delivery the platform's webhook never took: an account message (its <see cref="Xml"/>) or, when
/// <see cref="AuthorizationChange"/> is set, a change of the account's authorization (<see cref="MsgType"/>
/// <c>authorization</c>, <see cref="Event"/> the change's event), or when <see cref="ReleaseChange"/> is set, a stage
/// change of the account's release (<see cref="MsgType"/> <c>release</c>, <see cref="Event"/> the stage).
/// </summary>
[GenerateSerializer, Immutable, Alias("Grains.DeadLetter")]
public sealed record DeadLetter(
    [property: Id(0)] string Id,
    [property: Id(1)] string AuthorizerAppId,
    [property: Id(2)] string MsgType,
    [property: Id(3)] string? Event,
    [property: Id(4)] string Xml,
    [property: Id(5)] DateTimeOffset ReceivedAt,
    [property: Id(6)] int Attempts,
    [property: Id(7)] string? LastProblem,
    [property: Id(8)] DateTimeOffset DeadAt,
    [property: Id(9)] AuthorizationChange? AuthorizationChange = null,
    [property: Id(10)] ReleaseChange? ReleaseChange = null);
