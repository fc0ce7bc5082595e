namespace WeChat.Tests.Support;

/// <summary>A code the sandbox's control API issued for a user, with the openid the account knows them by.</summary>
internal sealed record IssuedUserCode(string Code, string OpenId, string UserId);
