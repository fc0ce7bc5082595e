namespace Grains.Releases;

/// <summary>One mini program's release state: where its code stands, what the current campaign did, and what is still to be told.</summary>
[GenerateSerializer]
public sealed class ReleaseState
{
    /// <summary>Where the code stands at WeChat; a failure does not change it (see <see cref="FailedStep"/>).</summary>
    [Id(0)]
    public ReleaseStage Stage { get; set; }

    [Id(1)]
    public long? TemplateId { get; set; }

    [Id(2)]
    public string? UserVersion { get; set; }

    [Id(3)]
    public long? AuditId { get; set; }

    [Id(4)]
    public string? Reason { get; set; }

    [Id(5)]
    public int? ErrorCode { get; set; }

    /// <summary>The campaign whose code the account holds; null for none, or after an audit event outside any campaign.</summary>
    [Id(6)]
    public string? CampaignId { get; set; }

    [Id(7)]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The steps <see cref="CampaignId"/> has done (see <see cref="ReleaseSteps"/>): a repeat answers what was recorded.</summary>
    [Id(8)]
    public List<string> DoneSteps { get; set; } = [];

    /// <summary>A step sent to WeChat whose answer is not written yet: after a crash, WeChat is asked before it is sent again.</summary>
    [Id(9)]
    public ReleaseIntent? Intent { get; set; }

    /// <summary>When the latest audit was submitted: an audit event from before it is about an earlier audit.</summary>
    [Id(10)]
    public DateTimeOffset? SubmittedAt { get; set; }

    [Id(11)]
    public AuditOutcome? LastVerdict { get; set; }

    [Id(12)]
    public DateTimeOffset? LastVerdictAt { get; set; }

    /// <summary>Stage changes for the platform's webhook, written with the change and kept until the account's outbox holds them.</summary>
    [Id(13)]
    public List<ReleaseChange>? OutgoingChanges { get; set; }

    /// <summary>An audit event changed the stage and <see cref="CampaignId"/> has not heard of it yet.</summary>
    [Id(14)]
    public bool CampaignNoticePending { get; set; }

    /// <summary>
    /// The step of <see cref="CampaignId"/> that failed for good (<see cref="ErrorCode"/> and <see cref="Reason"/> say
    /// why); null while nothing failed. The stage stays what WeChat holds, so the campaign's retry repeats this step.
    /// </summary>
    [Id(15)]
    public string? FailedStep { get; set; }

    /// <summary>The step WeChat keeps asking to try later, and how many times it was tried.</summary>
    [Id(16)]
    public StepRetries? Retries { get; set; }

    /// <summary>The last verdict came from <c>get_latest_auditstatus</c>: its event, arriving late, changes nothing.</summary>
    [Id(17)]
    public bool VerdictAsked { get; set; }

    public bool HasDone(string campaignId, string step) => CampaignId == campaignId && DoneSteps.Contains(step);

    /// <summary>An audit is open and waits for WeChat's verdict.</summary>
    public bool AuditPending => Stage is ReleaseStage.Auditing or ReleaseStage.AuditDelayed;
}

[GenerateSerializer]
public sealed class StepRetries
{
    [Id(0)]
    public string CampaignId { get; set; } = "";

    [Id(1)]
    public string Step { get; set; } = "";

    [Id(2)]
    public int Attempts { get; set; }

    public bool Is(string campaignId, string step) => CampaignId == campaignId && Step == step;
}

[GenerateSerializer]
public sealed class ReleaseIntent
{
    [Id(0)]
    public string Step { get; set; } = "";

    [Id(1)]
    public string CampaignId { get; set; } = "";

    [Id(2)]
    public DateTimeOffset StartedAt { get; set; }

    public bool Is(string campaignId, string step) => CampaignId == campaignId && Step == step;
}

/// <summary>The names of a campaign's steps in <see cref="ReleaseState.DoneSteps"/>.</summary>
internal static class ReleaseSteps
{
    public const string Commit = "commit";
    public const string Submit = "submit";
    public const string Release = "release";
    public const string Revert = "revert";

    public static string Gray(int percentage) => $"gray:{percentage}";
}
