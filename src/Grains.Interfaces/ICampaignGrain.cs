namespace Grains.Interfaces;

/// <summary>One release campaign across a platform's mini programs, keyed <c>{componentAppId}/{campaignId}</c>.</summary>
[Alias("Grains.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>A mini program of this campaign changed stage outside the campaign's own calls (an audit event).</summary>
    Task AccountChangedAsync(MiniProgramRelease release);
}
