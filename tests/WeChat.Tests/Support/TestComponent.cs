namespace WeChat.Tests.Support;

/// <summary>The third-party platform the tests register with the sandbox.</summary>
internal static class TestComponent
{
    public const string AppId = "wx7e57c0de00000001";
    public const string AppSecret = "sandbox-test-secret-0001";
    public const string Token = "sandboxtoken";
    public const string EncodingAesKey = "Tm9ib2R5IGV4cGVjdHMgdGhlIFNwYW5pc2ggSW5xdWk";
    /// <summary>The platform's registered 授权发起页域名; the tests' redirect_uris are on it.</summary>
    public const string InitiatingPageDomain = "platform.example";

    public const string OfficialAccount = "wx7e57acc000000001";
    public const string OfficialAccountUserName = "gh_7e57acc00001";
    public const string MiniProgram = "wx7e57acc000000002";

    /// <summary>An official account bound to no open-platform account: its users have no unionid.</summary>
    public const string UnboundOfficialAccount = "wx7e57acc000000003";

    /// <summary>The open-platform account <see cref="OfficialAccount"/> and <see cref="MiniProgram"/> are bound to.</summary>
    public const string OpenPlatformAccount = "open-platform-7e57";
}
