using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grains.Messages;

/// <summary>
/// The JSON a webhook receives for one stage change of a mini program's release (<c>type</c> <c>release</c>), sent once
/// the platform has recorded it. <see cref="Id"/> is the same on every attempt and in the <c>webhook-id</c> header.
/// </summary>
public sealed record ReleaseDelivery(
    string Id,
    [property: JsonPropertyName("campaign_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? CampaignId,
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    string Stage,
    [property: JsonPropertyName("errcode"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? ErrorCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    DateTimeOffset OccurredAt)
{
    public const string ReleaseType = "release";

    [JsonPropertyOrder(-1)]
    public string Type => ReleaseType;

    public static ReleaseDelivery Of(string componentAppId, string authorizerAppId, ReleaseChange change) =>
        new(change.Id, change.CampaignId, componentAppId, authorizerAppId, StageName(change.Stage), change.ErrorCode, change.Reason, change.OccurredAt);

    /// <summary>The contract's name of a stage: snake_case (<c>audit_delayed</c>).</summary>
    public static string StageName(ReleaseStage stage) => JsonNamingPolicy.SnakeCaseLower.ConvertName(stage.ToString());

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, WebhookDelivery.Json);
}
