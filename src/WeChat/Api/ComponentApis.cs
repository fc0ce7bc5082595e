namespace WeChat.Api;

/// <summary>Paths of the WeChat server APIs, relative to <c>WeChat:ApiBaseUrl</c>.</summary>
public static class ComponentApis
{
    public const string ComponentToken = "cgi-bin/component/api_component_token";
    public const string StartPushTicket = "cgi-bin/component/api_start_push_ticket";
    public const string CreatePreAuthCode = "cgi-bin/component/api_create_preauthcode";
    public const string QueryAuth = "cgi-bin/component/api_query_auth";
    public const string AuthorizerToken = "cgi-bin/component/api_authorizer_token";
    public const string GetAuthorizerInfo = "cgi-bin/component/api_get_authorizer_info";
    public const string GetAuthorizerList = "cgi-bin/component/api_get_authorizer_list";
    public const string CustomSend = "cgi-bin/message/custom/send";
    public const string GetTicket = "cgi-bin/ticket/getticket";
    public const string OAuthAccessToken = "sns/oauth2/component/access_token";
    public const string OAuthRefreshToken = "sns/oauth2/component/refresh_token";
    public const string JsCodeToSession = "sns/component/jscode2session";
    public const string TemplateList = "wxa/gettemplatelist";
    public const string TemplateDraftList = "wxa/gettemplatedraftlist";
    public const string ClearQuota = "cgi-bin/clear_quota";
    public const string GetApiQuota = "cgi-bin/openapi/quota/get";

    public const int AuthorizerListMaxPage = 500;
}
