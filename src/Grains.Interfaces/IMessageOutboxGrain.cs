namespace Grains.Interfaces;

/// <summary>
/// Delivers one authorized account's messages, events and authorization changes to the platform's webhook, keyed
/// like the authorizer (<c>{componentAppId}/{authorizerAppId}</c>). A message is acknowledged to WeChat only once the
/// webhook took it or it is stored for retries; WeChat's retries of a message are delivered once.
/// </summary>
[Alias("Grains.IMessageOutboxGrain")]
public interface IMessageOutboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers a decrypted message. Answers the plaintext passive reply the webhook gave within the reply deadline,
    /// or null (answer WeChat <c>success</c>). Throws <see cref="PlatformException"/> when the message could be
    /// neither delivered nor stored, so WeChat pushes it again.
    /// </summary>
    Task<string?> DeliverAsync(string deduplicationKey, string messageXml);

    /// <summary>
    /// Takes a change the authorizer recorded; returns once it is stored (the same change twice is stored once), then
    /// delivers it, after the account's earlier changes, with the retries and dead letter of a message. Throws
    /// <see cref="PlatformException"/> when it could not be stored.
    /// </summary>
    Task AcceptAuthorizationChangeAsync(AuthorizationChange change);

    /// <summary>
    /// Takes a stage change the account's release grain recorded; returns once it is stored (the same change twice is
    /// stored once), then delivers it like an authorization change, in order with the account's other changes.
    /// </summary>
    Task AcceptReleaseChangeAsync(ReleaseChange change);

    /// <summary>Takes a dead letter back for another round of delivery attempts.</summary>
    Task RequeueAsync(DeadLetter letter);

    Task<int> GetPendingCountAsync();
}
