namespace Grains.Interfaces;

/// <summary>
/// Reads a platform's authorizer index (keyed by component appid). A stateless worker: any silo answers, no
/// authorizer grain is touched, and the cost of a page does not depend on how many accounts the platform has.
/// </summary>
[Alias("Grains.IAuthorizerDirectoryGrain")]
public interface IAuthorizerDirectoryGrain : IGrainWithStringKey
{
    Task<AuthorizerPage> ListAsync(AuthorizerQuery query);

    /// <summary>One account's entry, as listing shows it; null when the index does not know the account.</summary>
    Task<AuthorizerEntry?> GetAsync(string authorizerAppId);

    Task<AuthorizerOverview> GetOverviewAsync();
}
