namespace Sandbox;

/// <summary>Paths of the WeChat APIs the sandbox serves beyond the ones the product's client calls.</summary>
public static class SandboxApis
{
    public const string GetAuthorizerOption = "cgi-bin/component/api_get_authorizer_option";
    public const string SetAuthorizerOption = "cgi-bin/component/api_set_authorizer_option";
    public const string ClearQuota = "cgi-bin/clear_quota";
    public const string ClearQuotaV2 = "cgi-bin/component/clear_quota/v2";
    public const string GetQuota = "cgi-bin/openapi/quota/get";
}
