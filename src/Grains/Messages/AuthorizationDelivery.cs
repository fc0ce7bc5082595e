using System.Text.Json;
using System.Text.Json.Serialization;
using WeChat.Xml;

namespace Grains.Messages;

/// <summary>
/// The JSON a webhook receives for one change of an account's authorization (<c>type</c> <c>authorization</c>), sent
/// once the platform has recorded it. <see cref="Id"/> is the same on every attempt and in the <c>webhook-id</c> header.
/// </summary>
public sealed record AuthorizationDelivery(
    string Id,
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    string Event,
    IReadOnlyList<int> FuncInfo,
    DateTimeOffset OccurredAt)
{
    public const string AuthorizationType = "authorization";

    [JsonPropertyOrder(-1)]
    public string Type => AuthorizationType;

    public static AuthorizationDelivery Of(string componentAppId, string authorizerAppId, AuthorizationChange change) =>
        new(change.Id, componentAppId, authorizerAppId, EventName(change.Event), change.PermissionSets, change.OccurredAt);

    /// <summary>WeChat's InfoType for the changes it pushes; the listing's status name for the one it answers (61023).</summary>
    public static string EventName(AuthorizationEvent change) => change switch
    {
        AuthorizationEvent.Authorized => InfoTypes.Authorized,
        AuthorizationEvent.UpdateAuthorized => InfoTypes.UpdateAuthorized,
        AuthorizationEvent.Unauthorized => InfoTypes.Unauthorized,
        AuthorizationEvent.ReauthorizationRequired => "reauthorization_required",
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, WebhookDelivery.Json);
}
