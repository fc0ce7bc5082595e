using Grains;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WeChat.Api;

namespace Gateway.Acting;

/// <summary>
/// Mini-program login (代小程序实现登录): the code of the user's <c>wx.login</c> exchanged for the openid and session key
/// with the platform's component token. The session key goes to the caller only: never logged, never stored.
/// </summary>
internal static partial class MiniProgramLoginEndpoints
{
    public static void MapMiniProgramLogin(this RouteGroupBuilder account) =>
        account.MapPost("/jscode2session", async Task<Ok<MiniProgramSession>> (
                string componentAppId, string authorizerAppId, [FromBody] JsCodeRequest request,
                AuthorizedAccounts accounts, ComponentTokens tokens, IComponentApi wechat, IGrainFactory grains, TimeProvider time, ILogger<Log> logger) =>
            {
                await accounts.RequireAsync(componentAppId, authorizerAppId, miniProgram: true);
                try
                {
                    var session = await tokens.CallAsync(componentAppId, t => wechat.JsCodeToSessionAsync(t, componentAppId, authorizerAppId, request.JsCode));
                    return TypedResults.Ok(new MiniProgramSession(session.OpenId, session.UnionId, session.SessionKey));
                }
                catch (WeChatApiException ex) when (ex.ErrorCode == WeChatErrorCodes.ComponentNotAuthorized)
                {
                    // WeChat says the mini program no longer authorizes the platform (the unauthorized push may be
                    // late or lost): record it as the push would, so tokens stop being refreshed and callers learn it.
                    LogNoLongerAuthorized(logger, componentAppId, authorizerAppId);
                    await grains.GetGrain<IComponentGrain>(componentAppId).RevokeAuthorizationAsync(authorizerAppId, time.GetUtcNow());
                    accounts.Forget(componentAppId, authorizerAppId);
                    throw;
                }
            })
            .WithSummary("Logs a mini program's user in: the wx.login code exchanged for openid, unionid and session_key");

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "WeChat answered 61003 for {ComponentAppId}/{AuthorizerAppId}: the mini program no longer authorizes the platform; recorded as unauthorized")]
    private static partial void LogNoLongerAuthorized(ILogger logger, string componentAppId, string authorizerAppId);

    /// <summary>The log category of these endpoints.</summary>
    internal sealed class Log;
}
