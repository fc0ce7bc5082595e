using Grains.Storage;

namespace Grains.Messages;

/// <summary>Deliveries of one account that the webhook has not taken yet, oldest first. Delivered ones are not kept.</summary>
[GenerateSerializer]
public sealed class OutboxState
{
    [Id(0)]
    public List<PendingDelivery> Pending { get; set; } = [];
}

/// <summary>A message (its XML) or, when <see cref="AuthorizationChange"/> or <see cref="ReleaseChange"/> is set, a change of the account.</summary>
[GenerateSerializer]
public sealed class PendingDelivery
{
    /// <summary>The deduplication key of a message (MsgId, or sender and time for events), or the change's id.</summary>
    [Id(0)]
    public string Key { get; set; } = "";

    /// <summary>The decrypted XML: what users wrote, so it is encrypted at rest like tokens.</summary>
    [Id(1), Secret]
    public string Xml { get; set; } = "";

    [Id(2)]
    public DateTimeOffset ReceivedAt { get; set; }

    [Id(3)]
    public int Attempts { get; set; }

    [Id(4)]
    public DateTimeOffset NextAttemptAt { get; set; }

    [Id(5)]
    public string? LastProblem { get; set; }

    [Id(6)]
    public AuthorizationChange? AuthorizationChange { get; set; }

    [Id(7)]
    public ReleaseChange? ReleaseChange { get; set; }

    /// <summary>A change of the account (authorization or release): these reach the webhook in the order they happened.</summary>
    public bool IsChange => AuthorizationChange is not null || ReleaseChange is not null;
}

/// <summary>The letters one platform's webhook never took.</summary>
[GenerateSerializer]
public sealed class DeadLetterState
{
    [Id(0)]
    public List<StoredDeadLetter> Letters { get; set; } = [];

    [Id(1)]
    public long Dropped { get; set; }
}

[GenerateSerializer]
public sealed class StoredDeadLetter
{
    [Id(0)]
    public string Id { get; set; } = "";

    [Id(1)]
    public string AuthorizerAppId { get; set; } = "";

    [Id(2)]
    public string MsgType { get; set; } = "";

    [Id(3)]
    public string? Event { get; set; }

    [Id(4), Secret]
    public string Xml { get; set; } = "";

    [Id(5)]
    public DateTimeOffset ReceivedAt { get; set; }

    [Id(6)]
    public int Attempts { get; set; }

    [Id(7)]
    public string? LastProblem { get; set; }

    [Id(8)]
    public DateTimeOffset DeadAt { get; set; }

    [Id(9)]
    public AuthorizationChange? AuthorizationChange { get; set; }

    [Id(10)]
    public ReleaseChange? ReleaseChange { get; set; }

    public static StoredDeadLetter From(DeadLetter letter) => new()
    {
        Id = letter.Id,
        AuthorizerAppId = letter.AuthorizerAppId,
        MsgType = letter.MsgType,
        Event = letter.Event,
        Xml = letter.Xml,
        ReceivedAt = letter.ReceivedAt,
        Attempts = letter.Attempts,
        LastProblem = letter.LastProblem,
        DeadAt = letter.DeadAt,
        AuthorizationChange = letter.AuthorizationChange,
        ReleaseChange = letter.ReleaseChange,
    };

    public DeadLetter ToLetter() => new(Id, AuthorizerAppId, MsgType, Event, Xml, ReceivedAt, Attempts, LastProblem, DeadAt, AuthorizationChange, ReleaseChange);
}
