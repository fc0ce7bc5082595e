using System.Text.Json.Serialization;

namespace Gateway.Releases;

/// <summary>
/// The contract's release state of one mini program; <c>stage</c> is snake_case (<c>audit_delayed</c>). Beyond the
/// contract: <c>code_stage</c>, where the code stands at WeChat even while <c>stage</c> is <c>failed</c>, and
/// <c>failed_step</c>, the step a campaign's retry repeats.
/// </summary>
public sealed record AccountReleaseResponse(
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    [property: JsonPropertyName("template_id")] long? TemplateId,
    [property: JsonPropertyName("user_version")] string? UserVersion,
    [property: JsonPropertyName("stage")] ReleaseStage Stage,
    [property: JsonPropertyName("auditid")] long? AuditId,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("errcode")] int? ErrorCode,
    [property: JsonPropertyName("campaign_id")] string? CampaignId,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt,
    [property: JsonPropertyName("code_stage")] ReleaseStage CodeStage,
    [property: JsonPropertyName("failed_step")] string? FailedStep)
{
    public static AccountReleaseResponse From(MiniProgramRelease release) => new(
        release.AuthorizerAppId, release.TemplateId, release.UserVersion, release.Stage, release.AuditId, release.Reason, release.ErrorCode,
        release.CampaignId, release.UpdatedAt, release.CodeStage, release.FailedStep);
}
