namespace Grains.Interfaces;

[GenerateSerializer, Immutable, Alias("Grains.PreAuthCode")]
public sealed record PreAuthCode([property: Id(0)] string Value, [property: Id(1)] DateTimeOffset ExpiresAt)
{
    // Orleans prints a message body in some warnings (a response it rejected or discarded): the secret stays out.
    public override string ToString() => $"PreAuthCode {{ ExpiresAt = {ExpiresAt:O} }}";
}
