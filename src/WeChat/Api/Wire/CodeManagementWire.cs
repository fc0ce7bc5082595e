using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

/// <summary>The body of <c>wxa/commit</c>; <see cref="ExtJson"/> is a JSON document as a string (an object gives 47001).</summary>
public sealed record CodeCommitRequest(
    [property: JsonPropertyName("template_id")] long TemplateId,
    [property: JsonPropertyName("ext_json")] string ExtJson,
    [property: JsonPropertyName("user_version")] string UserVersion,
    [property: JsonPropertyName("user_desc")] string UserDesc);

public sealed record SubmitAuditResponse([property: JsonPropertyName("auditid")] long AuditId);

/// <summary>WeChat's audit status: 0 approved, 1 rejected, 2 in review, 3 withdrawn, 4 delayed.</summary>
public static class AuditStatusCodes
{
    public const int Approved = 0;
    public const int Rejected = 1;
    public const int InReview = 2;
    public const int Withdrawn = 3;
    public const int Delayed = 4;
}

/// <summary>The answer of <c>get_latest_auditstatus</c> (all fields) and <c>get_auditstatus</c> (status and reason).</summary>
public sealed record AuditStatusResponse(
    [property: JsonPropertyName("auditid")] long? AuditId,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("user_version")] string? UserVersion,
    [property: JsonPropertyName("user_desc")] string? UserDesc,
    [property: JsonPropertyName("submit_audit_time")] long? SubmitAuditTime);

public sealed record GrayReleaseRequest(
    [property: JsonPropertyName("gray_percentage")] int GrayPercentage,
    [property: JsonPropertyName("support_debuger_first"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool SupportDebuggerFirst = false,
    [property: JsonPropertyName("support_experiencer_first"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool SupportExperiencerFirst = false);

public sealed record GrayReleasePlanResponse([property: JsonPropertyName("gray_release_plan")] GrayReleasePlan? Plan);

/// <summary>A gray release plan; <see cref="CreatedAt"/> is unix seconds and stays when a running plan is widened.</summary>
public sealed record GrayReleasePlan(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("create_timestamp")] long CreatedAt,
    [property: JsonPropertyName("gray_percentage")] int Percentage);

/// <summary>A gray release plan's status: 0 initial, 1 running, 2 paused, 3 finished, 4 deleted.</summary>
public static class GrayPlanStatusCodes
{
    public const int Running = 1;
    public const int Finished = 3;
}

public sealed record AuditQuotaResponse(
    [property: JsonPropertyName("rest")] int Rest,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("speedup_rest")] int SpeedupRest,
    [property: JsonPropertyName("speedup_limit")] int SpeedupLimit);

public sealed record VersionInfoResponse(
    [property: JsonPropertyName("exp_info")] ExperienceVersion? Experience,
    [property: JsonPropertyName("release_info")] OnlineVersion? Online);

public sealed record ExperienceVersion(
    [property: JsonPropertyName("exp_time")] long ExpTime,
    [property: JsonPropertyName("exp_version")] string? Version,
    [property: JsonPropertyName("exp_desc")] string? Description);

public sealed record OnlineVersion(
    [property: JsonPropertyName("release_time")] long ReleaseTime,
    [property: JsonPropertyName("release_version")] string? Version,
    [property: JsonPropertyName("release_desc")] string? Description);

/// <summary>The empty JSON object that <c>release</c> and <c>getversioninfo</c> require as their body (none: 44002).</summary>
public sealed record EmptyBody;

public sealed record AuditIdRequest([property: JsonPropertyName("auditid")] long AuditId);
