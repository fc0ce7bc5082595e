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

        // Only a wave with an account ready to submit asks WeChat, through that account (the quota is the platform's).
        if (await store.DueAsync(componentAppId, campaignId, [ReleaseStage.Committed], now, 1) is not [var asker])
        {
            return new AuditAllowance(0, null);
        }

        var recheckAt = _auditsCheckedAt + Options.AuditQuotaRecheck;
        if (_auditsLeft is null || (_auditsLeft == 0 && now >= recheckAt))
        {
            try
            {
                _auditsLeft = await auditQuota.RemainingAsync(componentAppId, asker.AuthorizerAppId);
                LogAuditQuota(logger, componentAppId, campaignId, _auditsLeft.Value);
            }
            catch (Exception ex) when (ex is AuditQuotaUnknownException or PlatformException)
            {
                LogAuditQuotaUnknown(logger, componentAppId, campaignId, ex.Message);
                _auditsLeft = 0;
            }

            _auditsCheckedAt = now;
            recheckAt = now + Options.AuditQuotaRecheck;
        }

        var today = campaign.Spec.AuditsPerDay is { } limit ? limit - campaign.AuditsOn(BeijingDay.Of(now)) : int.MaxValue;
        var allowed = Math.Min(today, _auditsLeft.Value);
        return new AuditAllowance(allowed, allowed > 0 ? null : recheckAt);
    }

    /// <param name="RecheckAt">When a wave out of audits asks again; null when it has some, or nothing to submit.</param>
    private readonly record struct AuditAllowance(int Allowed, DateTimeOffset? RecheckAt);
}
