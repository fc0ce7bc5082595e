using WeChat.Api;

namespace Sandbox;

/// <summary>
/// The sandbox's daily call limits per API. WeChat publishes one figure for a platform (api_component_token: 10000
/// a day, seen through openapi/quota/get); the others follow WeChat's limits for an ordinary account's equivalent
/// API (access token 2000, customer-service messages 500000) or are set so that a healthy platform never meets them
/// while a refresh storm does (docs/sandbox.md lists them).
/// </summary>
public static class DailyQuota
{
    /// <summary>The limit of any path not listed.</summary>
    public const int Unlisted = 10_000;

    /// <summary>Paths whose quota belongs to the authorizer the call is about rather than to the platform.</summary>
    public static IReadOnlySet<string> PerAuthorizer { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ComponentApis.AuthorizerToken, ComponentApis.GetAuthorizerInfo, SandboxApis.GetAuthorizerOption,
        SandboxApis.SetAuthorizerOption, ComponentApis.CustomSend, ComponentApis.GetTicket,
    };

    /// <summary>clear_quota resets every path of an account except the token fetch (WeChat staff: it cannot be reset).</summary>
    public static bool IsClearable(string api) => api != ComponentApis.ComponentToken;

    public static Dictionary<string, int> Defaults() => new(StringComparer.Ordinal)
    {
        [ComponentApis.ComponentToken] = 10_000,
        [ComponentApis.StartPushTicket] = 10_000,
        [ComponentApis.CreatePreAuthCode] = 100_000,
        [ComponentApis.QueryAuth] = 100_000,
        [ComponentApis.GetAuthorizerList] = 10_000,
        [ComponentApis.AuthorizerToken] = 2_000,
        [ComponentApis.GetAuthorizerInfo] = 10_000,
        [SandboxApis.GetAuthorizerOption] = 10_000,
        [SandboxApis.SetAuthorizerOption] = 1_000,
        [ComponentApis.CustomSend] = 500_000,
        [ComponentApis.GetTicket] = 2_000,
    };
}
