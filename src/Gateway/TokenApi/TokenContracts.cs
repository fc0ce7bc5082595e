using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Gateway.Acting;
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
    public static TicketResponse From(AccountTicket ticket) => new(ticket.Value, ticket.ExpiresAt);
}

/// <summary>The token WeChat rejected with 40001/42001.</summary>
public sealed record RefreshRequest(
    [property: JsonPropertyName("rejected_token")]
    [Display(Name = "rejected_token"), Required, StringLength(InputBounds.MaxTokenLength), RegularExpression(InputBounds.TokenCharacters, ErrorMessage = InputBounds.TokenCharactersMessage)]
    string RejectedToken);

public sealed record AuthorizerResponse(
    [property: JsonPropertyName("authorizer_appid")] string AuthorizerAppId,
    [property: JsonPropertyName("status")] AuthorizerStatus Status,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("func_info")] IReadOnlyList<int> FuncInfo,
    [property: JsonPropertyName("nick_name")] string? NickName,
    [property: JsonPropertyName("user_name")] string? UserName,
    [property: JsonPropertyName("is_mini_program")] bool? IsMiniProgram,
    [property: JsonPropertyName("authorized_at")] DateTimeOffset? AuthorizedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("last_problem")] string? LastProblem)
{
    public static AuthorizerResponse From(AuthorizerEntry entry) => new(
        entry.AuthorizerAppId, entry.Status, entry.TokenExpiresAt, entry.PermissionSets,
        entry.NickName, entry.UserName, entry.IsMiniProgram, entry.AuthorizedAt, entry.UpdatedAt, entry.LastProblem);
}

public sealed record RestoreResponse(
    [property: JsonPropertyName("restored")] int Restored,
    [property: JsonPropertyName("listed")] int Listed,
    [property: JsonPropertyName("not_listed")] int NotListed,
    [property: JsonPropertyName("not_listed_first")] IReadOnlyList<string> NotListedFirst)
{
    public static RestoreResponse From(ReconciliationResult result) => new(result.Restored, result.Listed, result.NotListed, result.NotListedFirst);
}
