using Gateway.TokenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.WeChatProxy;

/// <summary>The proxies' own refusals, each answered before anything is sent to WeChat.</summary>
internal static class ProxyProblems
{
    public static ProblemHttpResult CredentialApi(string api) => PlatformProblems.Coded(
        StatusCodes.Status403Forbidden, "credential_api", "A credential API",
        $"{api} hands out credentials, which stay inside the platform. Its own routes serve what a business service needs: "
        + "tokens (.../token), tickets (.../jsapi-ticket, .../card-ticket), the account's entry (GET .../authorizers/{authorizerAppId}), "
        + "web-page OAuth (.../oauth/*) and mini-program login (.../jscode2session).");

    public static ProblemHttpResult NotAnApiPath() => PlatformProblems.Coded(
        StatusCodes.Status400BadRequest, "invalid_api_path", "Not a plain WeChat API path",
        $"After /wechat/ comes a WeChat API path such as cgi-bin/message/custom/send, as sent: up to {ProxyPath.MaxLength} characters, "
        + @"segments of letters, digits, _, - and ., no empty, . or .. segment, no %, ?, #, \ or :.");

    public static ProblemHttpResult QueryOutOfBounds() => PlatformProblems.Coded(
        StatusCodes.Status400BadRequest, "invalid_query", "Query out of bounds", $"The query passed on to WeChat takes {ProxyQuery.Rule}.");

    public static ProblemHttpResult TooLarge(int maxBytes) => PlatformProblems.Coded(
        StatusCodes.Status413PayloadTooLarge, "request_too_large", "Request too large", $"The proxy forwards at most {maxBytes / (1024 * 1024)} MB.");

    public static ProblemHttpResult Unanswered() => PlatformProblems.Coded(
        StatusCodes.Status502BadGateway, "wechat_unavailable", "WeChat unavailable", "WeChat did not answer the call; it may or may not have been carried out.");
}
