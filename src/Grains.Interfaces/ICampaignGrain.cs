using Orleans.Concurrency;

namespace Grains.Interfaces;

/// <summary>
/// One release campaign across a platform's mini programs, keyed <c>{componentAppId}/{campaignId}</c> (see
/// <see cref="CampaignKey"/>). Its state is rows in the campaign store, not grain state; a reminder keeps it going
/// on whichever silo is alive. Every command answers the campaign afterwards, null when no such campaign was started;
/// a cancelled campaign stays cancelled and commands answer it as it is.
/// </summary>
[Alias("Grains.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the campaign (and the accounts it names) and starts its waves; a repeat answers the stored campaign.
    /// With <paramref name="idempotencyKey"/>, a key the platform started another campaign with answers that one
    /// (<see cref="CampaignStartOutcome.Repeated"/> for the same spec, <see cref="CampaignStartOutcome.KeyReused"/>
    /// for another) and starts nothing here.
    /// </summary>
    Task<CampaignStart> StartAsync(CampaignSpec spec, string? idempotencyKey = null);

    /// <summary>Null when no such campaign was started.</summary>
    Task<Campaign?> GetAsync();

    Task<Campaign?> PauseAsync();

    /// <summary>Runs again, re-checking the audit quota at once.</summary>
    Task<Campaign?> ResumeAsync();

    Task<Campaign?> CancelAsync();

    /// <summary>Takes the failed accounts back to the step they failed at.</summary>
    Task<Campaign?> RetryAsync();

    /// <summary>Releases the approved accounts now (for <see cref="ReleaseMode.Manual"/>).</summary>
    Task<Campaign?> ReleaseAsync();

    /// <summary>Reverts what this campaign released, and takes no other step.</summary>
    Task<Campaign?> RollbackAsync();

    /// <summary>
    /// A mini program of this campaign changed stage outside the campaign's own calls (an audit event). Interleaves:
    /// the release grain calls it while the campaign may be waiting on that very release grain.
    /// </summary>
    [AlwaysInterleave]
    Task AccountChangedAsync(MiniProgramRelease release);
}
