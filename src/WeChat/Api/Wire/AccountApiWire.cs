using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

public sealed record CustomTextMessageRequest(
    [property: JsonPropertyName("touser")] string ToUser,
    [property: JsonPropertyName("msgtype")] string MsgType,
    [property: JsonPropertyName("text")] CustomText Text);

public sealed record CustomText([property: JsonPropertyName("content")] string Content);
