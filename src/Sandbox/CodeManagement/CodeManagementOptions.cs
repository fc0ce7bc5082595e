using System.ComponentModel.DataAnnotations;

namespace Sandbox.CodeManagement;

/// <summary>How a review ends: WeChat approves, rejects with a reason, or delays (then approves or rejects later).</summary>
public enum AuditVerdict
{
    Approve,
    Reject,
    Delay,
}

/// <summary>
/// <c>Sandbox:CodeManagement</c>: the template library every platform starts with and how the emulated review of
/// mini-program code behaves (docs/sandbox.md, "Mini-program code management"). Checked when the sandbox starts.
/// </summary>
public sealed class CodeManagementOptions
{
    /// <summary>How long a review takes after submit_audit; WeChat promises nothing (hours to days), minutes suit a demo.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan AuditDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a review takes once expedited (speedupaudit), counted from the speed-up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan ExpeditedAuditDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a delayed review (weapp_audit_delay) takes before its final verdict.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan DelayedAuditDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The verdict of a review nobody decided otherwise for the account.</summary>
    [EnumDataType(typeof(AuditVerdict))]
    public AuditVerdict DefaultVerdict { get; set; } = AuditVerdict.Approve;

    /// <summary>The final verdict of a delayed review; a delay never follows a delay.</summary>
    [AllowedValues(AuditVerdict.Approve, AuditVerdict.Reject)]
    public AuditVerdict VerdictAfterDelay { get; set; } = AuditVerdict.Approve;

    [Required]
    public string RejectReason { get; set; } = "小程序功能不完整 (sandbox rejection)";

    [Required]
    public string DelayReason { get; set; } = "审核排队中 (sandbox delay)";

    /// <summary>Submissions per platform per calendar month (Beijing time) before 85085; observed 20 to 27 at WeChat.</summary>
    [Range(0, int.MaxValue)]
    public int MonthlyAuditQuota { get; set; } = 20;

    /// <summary>Expedites per platform per calendar month before 89405; often 0 at WeChat.</summary>
    [Range(0, int.MaxValue)]
    public int MonthlySpeedupQuota { get; set; } = 1;

    /// <summary>Withdrawals (undocodeaudit) per mini program per day, and per month, before 87013: 5 and 10 in WeChat's current doc.</summary>
    [Range(0, int.MaxValue)]
    public int UndoPerDay { get; set; } = 5;

    [Range(0, int.MaxValue)]
    public int UndoPerMonth { get; set; } = 10;

    /// <summary>Whether a submission over an approved, unreleased version is accepted (unverified at WeChat; false answers 85009).</summary>
    public bool SubmitOverApproved { get; set; } = true;

    /// <summary>Whether a withdrawn audit gives its unit of the monthly quota back (unverified at WeChat).</summary>
    public bool RefundQuotaOnUndo { get; set; }

    /// <summary>Whether a gray release at 100 % publishes the version by itself (unverified at WeChat; false waits for release).</summary>
    public bool GrayReleaseAtFullPercentagePublishes { get; set; }

    /// <summary>The key of the rejection screenshots in get_latest_auditstatus: WeChat's table says screenshot, its example ScreenShot.</summary>
    [AllowedValues("screenshot", "ScreenShot")]
    public string LatestScreenshotKey { get; set; } = "screenshot";

    /// <summary>Drafts in every platform's draft box (草稿箱); two when none are configured.</summary>
    public List<SandboxDraft> Drafts { get; set; } = [];

    /// <summary>Templates in every platform's library; two when none are configured (an ordinary one with id 1, a standard one with id 2).</summary>
    public List<SandboxTemplate> Templates { get; set; } = [];

    /// <summary>The categories get_category answers for every mini program; two when none are configured.</summary>
    public List<SandboxCategory> Categories { get; set; } = [];
}

/// <summary>A DevTools upload in the draft box; its pages are what a template made from it contains.</summary>
public sealed class SandboxDraft
{
    public long DraftId { get; set; }

    public string UserVersion { get; set; } = "1.0.0";

    public string UserDesc { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.FromUnixTimeSeconds(1735689600);

    public List<string> Pages { get; set; } = [];
}

public sealed class SandboxTemplate
{
    public long TemplateId { get; set; }

    public long DraftId { get; set; }

    /// <summary>0 ordinary, 1 standard (标准模板).</summary>
    public int TemplateType { get; set; }

    public string UserVersion { get; set; } = "1.0.0";

    public string UserDesc { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.FromUnixTimeSeconds(1735776000);

    public List<string> Pages { get; set; } = [];
}

public sealed class SandboxCategory
{
    public string FirstClass { get; set; } = "";

    public string SecondClass { get; set; } = "";

    public int FirstId { get; set; }

    public int SecondId { get; set; }
}
