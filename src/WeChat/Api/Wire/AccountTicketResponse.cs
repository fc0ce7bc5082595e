using System.Text.Json.Serialization;

namespace WeChat.Api.Wire;

/// <summary>A ticket of <c>cgi-bin/ticket/getticket</c>: the jsapi_ticket or the wx_card api_ticket.</summary>
public sealed record AccountTicketResponse(
    [property: JsonPropertyName("ticket")] string Ticket,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
