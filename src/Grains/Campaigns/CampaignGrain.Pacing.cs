using WeChat.Api.Quotas;

namespace Grains.Campaigns;

/// <summary>How many audits a wave may submit: what <c>wxa/queryquota</c> leaves this month and what <c>audits_per_day</c> leaves today.</summary>
public sealed partial class CampaignGrain
{
    private async Task<AuditAllowance> AuditAllowanceAsync(Campaign campaign, DateTimeOffset now)
    {
        var (componentAppId, campaignId) = Key;
        if (campaign.Spec.AuditsPerDay is { } perDay && perDay - campaign.AuditsOn(BeijingDay.Of(now)) <= 0)
        {
            return new AuditAllowance(0, BeijingDay.NextMidnight(now).ToUniversalTime());
        }

        // Only a wave with an account ready to submit asks WeChat, through one of those accounts (the quota is the platform's).
        var ready = await store.DueAsync(componentAppId, campaignId, [ReleaseStage.Committed], now, Options.WaveSize);
        if (ready.Count == 0)
        {
            return new AuditAllowance(0, null);
        }

        if (_auditsLeft is null || (_auditsLeft == 0 && now >= _auditsRecheckAt))
        {
            await AskAuditQuotaAsync(ready, now);
        }

        var today = campaign.Spec.AuditsPerDay is { } limit ? limit - campaign.AuditsOn(BeijingDay.Of(now)) : int.MaxValue;
        var allowed = Math.Min(today, _auditsLeft!.Value);
        return new AuditAllowance(allowed, allowed > 0 ? null : _auditsRecheckAt);
    }

    /// <summary>
    /// Asks <c>wxa/queryquota</c> through an account it has not failed through since WeChat last answered: a failure
    /// may be that account's own (its daily quota of the API, its token), so the next ask, a short back-off later,
    /// goes through another one. An unanswered quota is none until then.
    /// </summary>
    private async Task AskAuditQuotaAsync(IReadOnlyList<CampaignAccount> ready, DateTimeOffset now)
    {
        var (componentAppId, campaignId) = Key;
        var asker = ready.FirstOrDefault(a => !_quotaAskersFailed.Contains(a.AuthorizerAppId));
        if (asker is null)
        {
            _quotaAskersFailed.Clear();
            asker = ready[0];
        }

        try
        {
            _auditsLeft = await auditQuota.RemainingAsync(componentAppId, asker.AuthorizerAppId);
            _quotaAskersFailed.Clear();
            _quotaFailures = 0;
            _auditsRecheckAt = now + Options.AuditQuotaRecheck;
            LogAuditQuota(logger, componentAppId, campaignId, _auditsLeft.Value);
        }
        catch (Exception ex) when (ex is AuditQuotaUnknownException or PlatformException)
        {
            _quotaAskersFailed.Add(asker.AuthorizerAppId);
            _quotaFailures++;
            _auditsLeft = 0;
            var backOff = Options.AuditQuotaRetry * Math.Pow(2, Math.Min(_quotaFailures - 1, 16));
            _auditsRecheckAt = now + (backOff < Options.AuditQuotaRecheck ? backOff : Options.AuditQuotaRecheck);
            LogAuditQuotaUnknown(logger, componentAppId, campaignId, asker.AuthorizerAppId, ex.Message, _auditsRecheckAt);
        }
    }

    /// <param name="RecheckAt">When a wave out of audits asks again; null when it has some, or nothing to submit.</param>
    private readonly record struct AuditAllowance(int Allowed, DateTimeOffset? RecheckAt);
}
