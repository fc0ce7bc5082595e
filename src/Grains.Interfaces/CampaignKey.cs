namespace Grains.Interfaces;

/// <summary>The key of a campaign's grain: <c>{componentAppId}/{campaignId}</c>.</summary>
public static class CampaignKey
{
    public static string For(string componentAppId, string campaignId) => $"{componentAppId}/{campaignId}";

    public static (string ComponentAppId, string CampaignId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
