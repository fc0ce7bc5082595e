using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Grains.Index;

/// <summary>Answers listing and the status page from the authorizer index, on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class AuthorizerDirectoryGrain(
    IAuthorizerIndex index,
    ITokenActivityLog activity,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time) : Grain, IAuthorizerDirectoryGrain
{
    /// <summary>How far back the status page's refreshes-and-failures picture reaches.</summary>
    private static readonly TimeSpan ActivityWindow = TimeSpan.FromHours(3);

    private string ComponentAppId => this.GetPrimaryKeyString();

    public Task<AuthorizerPage> ListAsync(AuthorizerQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuthorizerQuery.MaxLimit);
        return index.ListAsync(ComponentAppId, query);
    }

    public async Task<AuthorizerEntry?> GetAsync(string authorizerAppId)
    {
        // The appid as a prefix: its own row sorts first of those it starts, and the prefix's count walks only them.
        var page = await index.ListAsync(ComponentAppId, new AuthorizerQuery(null, 1, null, authorizerAppId));
        return page.Items.SingleOrDefault(e => e.AuthorizerAppId == authorizerAppId);
    }

    public async Task<AuthorizerOverview> GetOverviewAsync()
    {
        var now = time.GetUtcNow();
        var byStatus = await index.CountByStatusAsync(ComponentAppId);
        var horizon = await index.CountByTokenLeftAsync(ComponentAppId, now, TokenHorizon.DefaultBounds);
        var minutes = await activity.ReadAsync(ComponentAppId, now - ActivityWindow);
        return new AuthorizerOverview(byStatus, horizon, minutes);
    }
}
