namespace Grains;

/// <summary>
/// Delivers one authorized account's messages and events to the platform's webhook, keyed like the authorizer
/// (<c>{componentAppId}/{authorizerAppId}</c>). A message is acknowledged to WeChat only once the webhook took it or
/// it is stored for retries; WeChat's retries of a message are delivered once.
/// </summary>
public interface IMessageOutboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers a decrypted message. Answers the plaintext passive reply the webhook gave within the reply deadline,
    /// or null (answer WeChat <c>success</c>). Throws <see cref="TokenUnavailableException"/> when the message could be
    /// neither delivered nor stored, so WeChat pushes it again.
    /// </summary>
    Task<string?> DeliverAsync(string deduplicationKey, string messageXml);

    /// <summary>Takes a dead letter back for another round of delivery attempts.</summary>
    Task RequeueAsync(DeadLetter letter);

    Task<int> GetPendingCountAsync();
}

/// <summary>The platform's messages that could not be delivered to its webhook, keyed by component appid.</summary>
public interface IDeadLetterGrain : IGrainWithStringKey
{
    Task AddAsync(DeadLetter letter);

    /// <summary>The newest <paramref name="max"/> letters, newest first, with the total held.</summary>
    Task<DeadLetterList> ListAsync(int max);

    /// <summary>Hands every letter back to its account's outbox; answers how many.</summary>
    Task<int> RedeliverAsync();
}

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

[GenerateSerializer, Immutable]
public sealed record DeadLetterList(
    [property: Id(0)] int Total,
    [property: Id(1)] long Dropped,
    [property: Id(2)] IReadOnlyList<DeadLetter> Newest);
