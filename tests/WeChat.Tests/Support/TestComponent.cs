namespace WeChat.Tests.Support;

/// <summary>The third-party platform the tests register with the sandbox.</summary>
internal static class TestComponent
{
    public const string AppId = "wx7e57c0de00000001";
    public const string AppSecret = "sandbox-test-secret-0001";
    public const string Token = "sandboxtoken";
    public const string EncodingAesKey = "Tm9ib2R5IGV4cGVjdHMgdGhlIFNwYW5pc2ggSW5xdWk";
    public const string OfficialAccount = "wx7e57acc000000001";
    public const string OfficialAccountUserName = "gh_7e57acc00001";
    public const string MiniProgram = "wx7e57acc000000002";
}
