using System.Runtime.CompilerServices;
using Grains.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using Sandbox;

namespace Grains.Tests.Support;

/// <summary>
/// The token cluster with campaigns end to end: the real release grains against the sandbox's code management, the
/// sandbox's reviews ending on the shared fake clock and their events pushed to the platform's message URL, and one
/// campaign store all silos share (as PostgreSQL is shared), which the tests read as the status page does.
/// </summary>
public sealed class CampaignCluster : TokenCluster
{
    private const string Ext = $$"""{"extAppid":"{{CampaignSpec.AppIdPlaceholder}}"}""";

    public InMemoryCampaignStore Campaigns { get; } = new();

    public PacerTakes PacerTakes { get; } = new();

    /// <summary>The one store every silo is given (silos are configured concurrently: built once, here).</summary>
    public LostStartAnswers StartAnswers { get; }

    public CampaignCluster() => StartAnswers = new(Campaigns);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<ICampaignStore>(StartAnswers);
        services.AddSingleton<IIncomingGrainCallFilter>(PacerTakes);
    }

    /// <summary>Gives the platform audits enough for a test whatever the tests before it submitted this month.</summary>
    public void PlentyOfAudits()
    {
        var (rest, limit, _, _) = WeChat.AuditQuotas.Quota(Accounts.ComponentAppId);
        WeChat.AuditQuotas.SetLimits(Accounts.ComponentAppId, limit - rest + 100, null);
    }

    public ICampaignGrain Campaign(string campaignId) => Grains.GetGrain<ICampaignGrain>(CampaignKey.For(Accounts.ComponentAppId, campaignId));

    public IMiniProgramReleaseGrain Release(string authorizerAppId) =>
        Grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(Accounts.ComponentAppId, authorizerAppId));

    /// <summary>What a campaign of the sandbox's ordinary template (id 1) commits to <paramref name="accounts"/>.</summary>
    public static CampaignSpec Spec(IReadOnlyList<string> accounts, string userVersion, ReleaseMode release = ReleaseMode.AfterAudit, int? auditsPerDay = null) =>
        new(1, userVersion, "campaign tests", Ext, accounts, null, release, null, auditsPerDay);

    /// <summary>Authorizes the sandbox's mini programs <paramref name="numbers"/> (odd numbers are mini programs).</summary>
    public async Task<string[]> MiniProgramsAsync(params int[] numbers)
    {
        await StartComponentAsync();
        var appIds = numbers.Select(Accounts.Account).ToArray();
        foreach (var appId in appIds)
        {
            await AuthorizeAsync(appId);
        }

        return appIds;
    }

    public async Task<Campaign> StoredAsync(string campaignId) =>
        await Campaigns.GetAsync(Accounts.ComponentAppId, campaignId) ?? throw new InvalidOperationException($"No campaign {campaignId} is stored.");

    public async Task<CampaignAccount> AccountAsync(string campaignId, string authorizerAppId) =>
        (await Campaigns.ListAccountsAsync(Accounts.ComponentAppId, campaignId, null, null, 1000)).Items.Single(a => a.AuthorizerAppId == authorizerAppId);

    /// <summary>
    /// Lets the campaign go on, the fake clock a step at a time (reviews, reminders), until its stored state is
    /// accepted; what happens on real time in between (pushes, timers due now) gets a moment after each step.
    /// </summary>
    public async Task<Campaign> RunUntilAsync(string campaignId, Func<Campaign, bool> accept, TimeSpan? within = null, TimeSpan? step = null,
        [CallerArgumentExpression(nameof(accept))] string what = "")
    {
        var limit = within ?? TimeSpan.FromHours(2);
        var each = step ?? TimeSpan.FromMinutes(1);
        for (var moved = TimeSpan.Zero; ; moved += each)
        {
            var settled = DateTime.UtcNow + TimeSpan.FromMilliseconds(250);
            for (var pause = 10; DateTime.UtcNow < settled; pause = Math.Min(pause * 2, 100))
            {
                if (await StoredAsync(campaignId) is var campaign && accept(campaign))
                {
                    return campaign;
                }

                await Task.Delay(pause);
            }

            if (moved >= limit)
            {
                throw new TimeoutException($"Campaign {campaignId} did not reach '{what}' within {limit} of the fake clock: {await StoredAsync(campaignId)}");
            }

            await AdvanceAsync(each);
        }
    }
}
