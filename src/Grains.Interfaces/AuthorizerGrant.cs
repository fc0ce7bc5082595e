namespace Grains.Interfaces;

/// <summary>What api_query_auth answered for one authorizer.</summary>
[GenerateSerializer, Immutable, Alias("Grains.AuthorizerGrant")]
public sealed record AuthorizerGrant(
    [property: Id(0)] string AuthorizerAppId,
    [property: Id(1)] string RefreshToken,
    [property: Id(2)] AccessToken? AccessToken,
    [property: Id(3)] IReadOnlyList<int> PermissionSets,
    [property: Id(4)] AccountProfile? Profile)
{
    // Orleans prints a message body in some warnings (a response it rejected or discarded): the secret stays out.
    public override string ToString() => $"AuthorizerGrant {{ AuthorizerAppId = {AuthorizerAppId}, AccessToken = {AccessToken} }}";
}
