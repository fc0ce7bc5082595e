namespace Grains.Campaigns;

/// <summary>Enrols every authorized mini program of the platform, a page of the authorizer index per wave.</summary>
public sealed partial class CampaignGrain
{
    private async Task EnrolAsync(Campaign campaign)
    {
        var (componentAppId, campaignId) = Key;
        var page = await authorizers.ListAsync(componentAppId, new AuthorizerQuery(campaign.EnrolledAfter, Options.EnrolmentPageSize, AuthorizerStatus.Authorized));
        var miniPrograms = page.Items.Where(a => a.IsMiniProgram == true).Select(a => a.AuthorizerAppId).ToList();
        var after = page.Items.Count > 0 ? page.Items[^1].AuthorizerAppId : campaign.EnrolledAfter;
        await store.EnrollAsync(componentAppId, campaignId, miniPrograms, after, !page.HasMore, time.GetUtcNow());
        LogEnrolled(logger, componentAppId, campaignId, miniPrograms.Count, !page.HasMore);
    }
}
