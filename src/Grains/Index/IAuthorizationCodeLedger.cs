namespace Grains.Index;

/// <summary>
/// Authorization codes already exchanged, keyed by the code's digest, so a redirect and an authorized event carrying
/// one code act once. One row per code, kept a day: checking or recording a code costs the same for any platform size.
/// </summary>
public interface IAuthorizationCodeLedger
{
    /// <summary>The account a code was exchanged for, or null when it was never exchanged (or more than a day ago).</summary>
    Task<string?> FindAsync(string componentAppId, string authorizationCode, CancellationToken cancellationToken = default);

    Task RecordAsync(string componentAppId, string authorizationCode, string authorizerAppId, DateTimeOffset exchangedAt, CancellationToken cancellationToken = default);
}
