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

    /// <summary>A subscription account (订阅号), service_type 0.</summary>
    public const string SubscriptionAccount = "wx7e57acc000000003";

    /// <summary>A service account that never completed WeChat verification, verify_type -1.</summary>
    public const string UnverifiedAccount = "wx7e57acc000000004";

    /// <summary>Its admin grants only the user and account-service sets (2, 3): no messages, no JS-SDK.</summary>
    public const string PartialGrantAccount = "wx7e57acc000000005";

    /// <summary>Its admin unticks every set: api_query_auth returns no tokens.</summary>
    public const string NoGrantAccount = "wx7e57acc000000006";

    /// <summary>The tests call the sandbox from loopback: the platform registers it in its IP whitelist, as a real one registers its servers.</summary>
    public const string EgressIp = "127.0.0.1";

    /// <summary>The platform's 授权发起页域名: its start page and redirect_uri live here.</summary>
    public const string Domain = "platform.example";
}
