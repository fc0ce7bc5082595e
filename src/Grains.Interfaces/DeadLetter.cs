namespace Grains;

[GenerateSerializer, Immutable]
public sealed record DeadLetter(
    [property: Id(0)] string Id,
    [property: Id(1)] string AuthorizerAppId,
    [property: Id(2)] string MsgType,
    [property: Id(3)] string? Event,
    [property: Id(4)] string Xml,
    [property: Id(5)] DateTimeOffset ReceivedAt,
    [property: Id(6)] int Attempts,
    [property: Id(7)] string? LastProblem,
    [property: Id(8)] DateTimeOffset DeadAt);
