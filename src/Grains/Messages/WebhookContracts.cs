using System.Text.Json;
using System.Text.Json.Serialization;
using WeChat.Xml;

namespace Grains.Messages;

/// <summary>
/// The JSON a webhook receives for one message or event of one authorized account (<c>type</c> <c>message</c>).
/// <see cref="Id"/> is the same on every attempt (and in the <c>webhook-id</c> header), so a business service that
/// saw it before can answer 200 at once.
/// </summary>
public sealed record WebhookDelivery(
    string Id,
    [property: JsonPropertyName("component_appid")] string ComponentAppId,
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    DateTimeOffset ReceivedAt,
    WebhookMessage Message,
    string Xml)
{
    public const string MessageType = "message";

    [JsonPropertyOrder(-1)]
    public string Type => MessageType;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>The common fields typed; <see cref="Fields"/> holds every element of the XML WeChat pushed.</summary>
public sealed record WebhookMessage(
    string ToUserName,
    string FromUserName,
    DateTimeOffset CreateTime,
    string MsgType,
    string? MsgId,
    string? Event,
    string? Content,
    IReadOnlyDictionary<string, string> Fields)
{
    public static WebhookMessage From(AccountMessage message) => new(
        message.ToUserName, message.FromUserName, message.CreatedAt, message.MsgType, message.MsgId, message.Event, message.Content, message.Fields);
}

/// <summary>What a webhook may answer (HTTP 2xx) to have a passive reply sent; an empty body means no reply.</summary>
public sealed record WebhookAnswer(WebhookReply? Reply);

/// <summary>A passive reply: <c>text</c> (content), <c>image</c> or <c>voice</c> (media_id), <c>video</c> (media_id, title, description).</summary>
public sealed record WebhookReply(string MsgType, string? Content, string? MediaId, string? Title, string? Description)
{
    /// <summary>The plaintext passive reply XML to <paramref name="message"/>, or null with the reason it is unusable.</summary>
    public string? ToXml(AccountMessage message, DateTimeOffset now, out string? problem)
    {
        problem = null;
        switch (MsgType)
        {
            case "text" when !string.IsNullOrEmpty(Content):
                return PassiveReply.TextTo(message, now, Content);
            case "image" or "voice" when !string.IsNullOrEmpty(MediaId):
                return PassiveReply.MediaTo(message, now, MsgType, MediaId);
            case "video" when !string.IsNullOrEmpty(MediaId):
                return PassiveReply.VideoTo(message, now, MediaId, Title, Description);
            default:
                problem = $"reply msg_type '{MsgType}' lacks its content or media_id, or is not text, image, voice or video";
                return null;
        }
    }
}
