namespace Grains.Interfaces;

/// <summary>A ticket handed to a caller, with the moment it stops working. A ticket is not a token: it only signs.</summary>
[GenerateSerializer, Immutable, Alias("Grains.AccountTicket")]
public sealed record AccountTicket([property: Id(0)] AccountTicketKind Kind, [property: Id(1)] string Value, [property: Id(2)] DateTimeOffset ExpiresAt)
{
    // Orleans prints a message body in some warnings (a response it rejected or discarded): the secret stays out.
    public override string ToString() => $"AccountTicket {{ Kind = {Kind}, ExpiresAt = {ExpiresAt:O} }}";
}
