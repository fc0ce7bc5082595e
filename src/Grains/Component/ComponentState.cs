using Grains.Storage;

namespace Grains.Component;

/// <summary>
/// What a platform must never lose: its newest ticket and its token. Its authorizers are not here: each account's
/// grain writes its own row of the authorizer index, so this row stays the same size for any number of accounts.
/// </summary>
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

    [Id(7)]
    public string? LastProblem { get; set; }

    [Id(8)]
    public DateTimeOffset? QuotaBackoffUntil { get; set; }

    /// <summary>A walk of WeChat's authorizer list in progress: resumed from here after a crash.</summary>
    [Id(9)]
    public ReconciliationProgress? Reconciliation { get; set; }

    [Id(10)]
    public ReconciliationResult? LastReconciliation { get; set; }

    [Id(11)]
    public bool ReplacesRejectedToken { get; set; }
}

[GenerateSerializer, Immutable]
public sealed record ReconciliationProgress(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] int NextOffset,
    [property: Id(2)] int Listed,
    [property: Id(3)] int Restored);
