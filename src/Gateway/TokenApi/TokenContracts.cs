using System.Text.Json.Serialization;
using Grains;

namespace Gateway.TokenApi;

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt)
{
    public static TokenResponse From(AccessToken token) => new(token.Value, token.ExpiresAt);
}

public sealed record TicketResponse(
    [property: JsonPropertyName("ticket")] string Ticket,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt)
{
    public static TicketResponse From(AccessToken ticket) => new(ticket.Value, ticket.ExpiresAt);
}

public sealed record RefreshRequest([property: JsonPropertyName("rejected_token")] string? RejectedToken);

public sealed record AuthorizerResponse(
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    [property: JsonPropertyName("status")] AuthorizerStatus Status,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("func_info")] IReadOnlyList<int> FuncInfo,
    [property: JsonPropertyName("nick_name")] string? NickName,
    [property: JsonPropertyName("user_name")] string? UserName,
    [property: JsonPropertyName("is_mini_program")] bool? IsMiniProgram)
{
    public static AuthorizerResponse From(AuthorizerSummary summary) => new(
        summary.AuthorizerAppId, summary.Status, summary.TokenExpiresAt, summary.PermissionSets,
        summary.Profile?.NickName, summary.Profile?.UserName, summary.Profile?.IsMiniProgram);
}

public sealed record RestoreResponse([property: JsonPropertyName("restored")] int Restored);
