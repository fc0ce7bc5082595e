using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using WeChat;

namespace Gateway.Releases;

/// <summary>The body of <c>POST .../releases</c>: what to commit, submit and release, to which accounts, how fast.</summary>
public sealed record StartCampaignRequest : IValidatableObject
{
    public const int MaxAccounts = 10_000;
    public const int MaxExtJsonLength = 64 * 1024;

    [JsonPropertyName("template_id")]
    [Display(Name = "template_id"), Required, Range(0, long.MaxValue)]
    public long? TemplateId { get; init; }

    [JsonPropertyName("user_version")]
    [Display(Name = "user_version"), Required, StringLength(64, MinimumLength = 1)]
    public string? UserVersion { get; init; }

    [JsonPropertyName("user_desc")]
    [Display(Name = "user_desc"), StringLength(1024)]
    public string? UserDesc { get; init; }

    [JsonPropertyName("ext_json")]
    [Display(Name = "ext_json")]
    public JsonObject? ExtJson { get; init; }

    [JsonPropertyName("accounts")]
    [Display(Name = "accounts"), MinLength(1), MaxLength(MaxAccounts)]
    public IReadOnlyList<string>? Accounts { get; init; }

    [JsonPropertyName("audit")]
    [Display(Name = "audit")]
    public JsonObject? Audit { get; init; }

    [JsonPropertyName("release")]
    [Display(Name = "release"), RegularExpression("^(after_audit|manual)$", ErrorMessage = "release must be after_audit or manual.")]
    public string? Release { get; init; }

    [JsonPropertyName("gray_percentage")]
    [Display(Name = "gray_percentage"), Range(1, 100)]
    public int? GrayPercentage { get; init; }

    [JsonPropertyName("audits_per_day")]
    [Display(Name = "audits_per_day"), Range(1, 10_000)]
    public int? AuditsPerDay { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Accounts?.FirstOrDefault(a => !AppIds.IsWellFormed(a)) is { } malformed)
        {
            yield return new ValidationResult($"accounts: '{malformed}' is not an appid. {AppIds.Rule}", ["accounts"]);
        }

        if (ExtJson is not null && ExtJson.ToJsonString().Length > MaxExtJsonLength)
        {
            yield return new ValidationResult($"ext_json is longer than {MaxExtJsonLength} characters.", ["ext_json"]);
        }
    }

    public CampaignSpec ToSpec() => new(
        TemplateId!.Value, UserVersion!, UserDesc ?? "", ExtJson?.ToJsonString(), Accounts?.Distinct(StringComparer.Ordinal).ToList(),
        Audit?.ToJsonString(), Release == "manual" ? ReleaseMode.Manual : ReleaseMode.AfterAudit, GrayPercentage, AuditsPerDay);
}

/// <summary>A campaign as the contract shows it; <c>counts</c> names every stage.</summary>
public sealed record CampaignResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("template_id")] long TemplateId,
    [property: JsonPropertyName("user_version")] string UserVersion,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, long> Counts,
    [property: JsonPropertyName("waiting_for")] string? WaitingFor,
    [property: JsonPropertyName("next_attempt_at")] DateTimeOffset? NextAttemptAt,
    [property: JsonPropertyName("release")] string Release,
    [property: JsonPropertyName("gray_percentage")] int? GrayPercentage,
    [property: JsonPropertyName("audits_per_day")] int? AuditsPerDay,
    [property: JsonPropertyName("rolling_back")] bool RollingBack,
    [property: JsonPropertyName("enrolled")] bool Enrolled)
{
    public static CampaignResponse From(Campaign campaign) => new(
        campaign.Id, campaign.Spec.TemplateId, campaign.Spec.UserVersion, ReleaseNames.Of(campaign.Status), campaign.CreatedAt,
        Enum.GetValues<ReleaseStage>().ToDictionary(ReleaseNames.Of, s => campaign.Counts.GetValueOrDefault(s)),
        campaign.WaitingFor is { } wait ? ReleaseNames.Of(wait) : null, campaign.NextAttemptAt,
        ReleaseNames.Of(campaign.Spec.Release), campaign.Spec.GrayPercentage, campaign.Spec.AuditsPerDay, campaign.RollingBack, campaign.Enrolled);
}

public sealed record CampaignAccountResponse(
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("errcode")] int? ErrorCode,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("next_attempt_at")] DateTimeOffset? NextAttemptAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    public static CampaignAccountResponse From(CampaignAccount account) => new(
        account.AuthorizerAppId, ReleaseNames.Of(account.Stage), account.ErrorCode, account.Reason, account.Attempts, account.NextAttemptAt, account.UpdatedAt);
}

/// <summary>The contract's snake_case names of stages, statuses and waits (<c>audit_delayed</c>, <c>after_audit</c>).</summary>
internal static class ReleaseNames
{
    public static IReadOnlyList<string> Stages { get; } = [.. Enum.GetValues<ReleaseStage>().Select(Of)];

    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static ReleaseStage? ParseStage(string name) =>
        Enum.GetValues<ReleaseStage>().Cast<ReleaseStage?>().FirstOrDefault(s => Of(s!.Value) == name);
}
