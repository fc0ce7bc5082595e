namespace Grains.Interfaces;

/// <summary>The account's basic info from api_get_authorizer_info.</summary>
[GenerateSerializer, Immutable, Alias("Grains.AccountProfile")]
public sealed record AccountProfile(
    [property: Id(0)] string? NickName,
    [property: Id(1)] string? UserName,
    [property: Id(2)] string? PrincipalName,
    [property: Id(3)] bool IsMiniProgram,
    [property: Id(4)] string? HeadImage);
