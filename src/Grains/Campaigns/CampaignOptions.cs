using System.ComponentModel.DataAnnotations;

namespace Grains.Campaigns;

/// <summary>How campaigns pace themselves (section <c>Campaigns</c>), validated at start.</summary>
public sealed class CampaignOptions
{
    public const string Section = "Campaigns";

    /// <summary>WeChat calls per second per platform, shared by the platform's campaigns (each step counts as one).</summary>
    [Range(1, 1000)]
    public int CallsPerSecond { get; set; } = 10;

    /// <summary>Accounts a wave takes at most.</summary>
    [Range(1, 1000)]
    public int WaveSize { get; set; } = 50;

    /// <summary>Accounts of the platform enrolled per wave when a campaign names none.</summary>
    [Range(1, 1000)]
    public int EnrolmentPageSize { get; set; } = 500;

    /// <summary>How long a campaign out of audits waits before asking <c>wxa/queryquota</c> again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AuditQuotaRecheck { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How soon a campaign asks <c>wxa/queryquota</c> again, through another account, after asking failed; doubled on
    /// each failure in a row, up to <see cref="AuditQuotaRecheck"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AuditQuotaRetry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>When a step failed in a way WeChat gave no wait for (a timeout, a silo lost), the account's next try.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StepRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The reminder that brings a running campaign back on any silo; waves between its ticks run on timers.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(5);
}
