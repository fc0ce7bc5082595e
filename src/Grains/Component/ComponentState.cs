using Grains.Storage;

namespace Grains.Component;

/// <summary>What a platform must never lose: its newest ticket, its token and the set of its authorizers.</summary>
[GenerateSerializer]
public sealed class ComponentState : ITokenState
{
    [Id(0), Secret]
    public string? Ticket { get; set; }

    [Id(1)]
    public DateTimeOffset? TicketReceivedAt { get; set; }

    [Id(2), Secret]
    public string? AccessToken { get; set; }

    [Id(3)]
    public DateTimeOffset AccessTokenExpiresAt { get; set; }

    [Id(4)]
    public DateTimeOffset AccessTokenObtainedAt { get; set; }

    [Id(5)]
    public HashSet<string> Authorizers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Authorization codes already exchanged, so a redirect and an event for one authorization act once.</summary>
    [Id(6)]
    public Dictionary<string, ExchangedCode> ExchangedCodes { get; set; } = new(StringComparer.Ordinal);

    [Id(7)]
    public string? LastProblem { get; set; }

    [Id(8)]
    public DateTimeOffset? QuotaBackoffUntil { get; set; }
}

[GenerateSerializer, Immutable]
public sealed record ExchangedCode([property: Id(0)] string AuthorizerAppId, [property: Id(1)] DateTimeOffset ExchangedAt);
