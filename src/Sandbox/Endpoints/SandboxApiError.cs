using WeChat.Api;

namespace Sandbox.Endpoints;

/// <summary>An errcode answer, thrown by an API handler and turned into WeChat's HTTP 200 error JSON.</summary>
public sealed class SandboxApiError(int errorCode) : Exception(ErrorMessages.For(errorCode))
{
    public int ErrorCode { get; } = errorCode;
}

public static class ErrorMessages
{
    private static readonly Dictionary<int, string> Messages = new()
    {
        [WeChatErrorCodes.SystemBusy] = "system error",
        [WeChatErrorCodes.InvalidCredential] = "invalid credential, access_token is invalid or not latest",
        [WeChatErrorCodes.InvalidGrantType] = "invalid grant_type",
        [WeChatErrorCodes.InvalidAppId] = "invalid appid",
        [WeChatErrorCodes.InvalidAccessToken] = "invalid access_token",
        [WeChatErrorCodes.InvalidUserCode] = "invalid code",
        [WeChatErrorCodes.InvalidOAuthRefreshToken] = "invalid refresh_token",
        [WeChatErrorCodes.InvalidAppSecret] = "invalid appsecret",
        [WeChatErrorCodes.UserCodeUsed] = "code been used",
        [WeChatErrorCodes.AccessTokenMissing] = "access_token missing",
        [41004] = "appsecret missing",
        [WeChatErrorCodes.AccessTokenExpired] = "access_token expired",
        [WeChatErrorCodes.OAuthRefreshTokenExpired] = "refresh_token expired",
        [WeChatErrorCodes.DailyQuotaReached] = "reach max api daily quota limit",
        [WeChatErrorCodes.MinuteQuotaReached] = "api minute-quota reach limit mustslower retry next minute",
        [WeChatErrorCodes.DataFormatError] = "data format error",
        [WeChatErrorCodes.ApiUnauthorized] = "api unauthorized",
        [WeChatErrorCodes.ClearQuotaLimitReached] = "forbid to clear quota because of reaching the limit",
        [WeChatErrorCodes.ComponentNotAuthorized] = "component is not authorized by this account",
        [WeChatErrorCodes.ClientIpNotRegistered] = "access clientip is not registered",
        [WeChatErrorCodes.TicketExpired] = "component ticket is expired",
        [WeChatErrorCodes.TicketInvalid] = "component ticket is invalid",
        [WeChatErrorCodes.CodeInvalid] = "code is invalid",
        [WeChatErrorCodes.CodeExpired] = "code is expired",
        [WeChatErrorCodes.InvalidComponent] = "invalid component",
        [WeChatErrorCodes.MustUseComponentToken] = "must use component token for component api",
        [WeChatErrorCodes.RefreshTokenInvalid] = "refresh_token is invalid",
        [SandboxErrorCodes.CgiPathNotFound] = "cgi_path not found",
        [SandboxErrorCodes.CgiPathNotPermitted] = "could not use this cgi_path,no permission",
        [SandboxErrorCodes.InvalidOpenId] = "invalid openid",
        [SandboxErrorCodes.EmptyContent] = "empty content",
        [SandboxErrorCodes.ResponseWindowClosed] = "response out of time limit or subscription is canceled",
        [SandboxErrorCodes.ApiUnauthorizedToComponent] = "api is unauthorized to component",
        [SandboxErrorCodes.InvalidOptionName] = "invalid option name",
        [SandboxErrorCodes.InvalidOptionValue] = "invalid option value",
    };

    public static string For(int errorCode) => Messages.GetValueOrDefault(errorCode) ?? CodeManagement.CodeErrors.Message(errorCode) ?? "error";
}
