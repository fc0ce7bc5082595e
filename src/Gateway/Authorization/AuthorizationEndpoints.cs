using Gateway.Hosting;
using Gateway.TokenApi;
using Grains;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeChat.Api;
using WeChat.Options;
using static Gateway.Pages.Page;

namespace Gateway.Authorization;

/// <summary>
/// The authorization flow on our own domain: a start page (WeChat only accepts an authorization page opened from
/// the platform's registered initiating-page domain), the redirect to WeChat with a fresh pre_auth_code, and the
/// callback that exchanges the code and shows the result.
/// </summary>
internal static partial class AuthorizationEndpoints
{
    public static void MapAuthorizationFlow(this RouteGroupBuilder wechat)
    {
        var group = wechat.MapGroup("/authorize").RequireRateLimiting(AuthorizationPageLimit.Policy);
        group.MapGet("/", Start);
        group.MapGet("/redirect", RedirectAsync);
        group.MapGet("/callback", CallbackAsync);
    }

    private static IResult Start(string componentAppId, HttpRequest request)
    {
        var target = $"/wechat/{Uri.EscapeDataString(componentAppId)}/authorize/redirect{request.QueryString}";
        var mobileQuery = request.Query.ContainsKey("mobile") ? request.QueryString.Value : (request.QueryString.HasValue ? request.QueryString.Value + "&mobile=1" : "?mobile=1");
        return Html("授权公众号或小程序 Authorize your account", $"""
            <p>Authorize the third-party platform <code>{E(componentAppId)}</code> to act for your official account or mini program.
            You will be sent to WeChat, where the account's administrator scans a QR code (or confirms on the phone) and approves.</p>
            <p><a class="button" id="authorize" href="{E(target)}">授权 Authorize with WeChat</a></p>
            <p class="muted">On a phone inside WeChat? <a id="authorize-mobile" href="/wechat/{E(componentAppId)}/authorize/redirect{E(mobileQuery)}">Use the mobile authorization page</a>.</p>
            """);
    }

    private static async Task<IResult> RedirectAsync(
        string componentAppId,
        HttpRequest request,
        IGrainFactory grains,
        IOptions<WeChatOptions> options,
        [FromQuery(Name = "auth_type")] string? authType,
        [FromQuery(Name = "biz_appid")] string? bizAppId,
        [FromQuery(Name = "category_id_list")] string? categoryIdList,
        string? mobile)
    {
        var kind = (int)AuthorizationAccountKind.All;
        if (authType is not null && (!int.TryParse(authType, out kind) || !Enum.IsDefined(typeof(AuthorizationAccountKind), kind)))
        {
            return Html("Invalid request", "<p class=\"problem\">auth_type must be 1 (official accounts), 2 (mini programs) or 3 (both).</p>", StatusCodes.Status400BadRequest);
        }

        var categories = new List<int>();
        foreach (var part in (categoryIdList ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, out var id))
            {
                return Html("Invalid request", "<p class=\"problem\">category_id_list must be permission set ids separated by '|'.</p>", StatusCodes.Status400BadRequest);
            }

            categories.Add(id);
        }

        PreAuthCode code;
        try
        {
            code = await grains.GetGrain<IComponentGrain>(componentAppId).CreatePreAuthCodeAsync();
        }
        catch (PlatformException ex)
        {
            return Html("WeChat is not ready", $"<p class=\"problem\">{E(ex.Message)}</p><p>Try again in a moment.</p>", PlatformProblems.StatusCode(ex.Problem));
        }

        var baseUrl = (options.Value.PublicBaseUrl ?? $"{request.Scheme}://{request.Host}").TrimEnd('/');
        var authorization = new AuthorizationRequest(componentAppId, code.Value,
            $"{baseUrl}/wechat/{componentAppId}/authorize/callback", (AuthorizationAccountKind)kind,
            string.IsNullOrEmpty(bizAppId) ? null : bizAppId, categories);
        var link = mobile == "1"
            ? AuthorizationLinks.ForMobile(options.Value.MobilePortalBaseUrl, authorization)
            : AuthorizationLinks.ForPc(options.Value.PortalBaseUrl, authorization);
        return TypedResults.Redirect(link);
    }

    private static async Task<IResult> CallbackAsync(string componentAppId, IGrainFactory grains, ILogger<Log> logger, [FromQuery(Name = "auth_code")] string? authCode)
    {
        if (string.IsNullOrWhiteSpace(authCode) || authCode.Length > 512)
        {
            return Html("授权未完成 Authorization not completed",
                $"<p class=\"problem\">WeChat sent no authorization code.</p><p><a href=\"/wechat/{E(componentAppId)}/authorize\">Start the authorization again</a></p>", StatusCodes.Status400BadRequest);
        }

        AuthorizerSummary summary;
        try
        {
            summary = await grains.GetGrain<IComponentGrain>(componentAppId).CompleteAuthorizationAsync(authCode);
        }
        catch (PlatformException ex)
        {
            LogCallbackFailed(logger, componentAppId, ex.Problem);
            var status = ex.Problem == PlatformProblem.AuthorizationCodeRejected ? StatusCodes.Status400BadRequest : PlatformProblems.StatusCode(ex.Problem);
            return Html("授权未完成 Authorization not completed", $"""
                <p class="problem" id="problem">{E(ex.Message)}</p>
                <p><a href="/wechat/{E(componentAppId)}/authorize">Start the authorization again</a></p>
                """, status);
        }

        var permissions = string.Join("", summary.PermissionSets.Select(id => $"<li>{E(PermissionSets.Name(id))} <span class=\"muted\">({id})</span></li>"));
        return Html("授权成功 Authorization complete", $"""
            <p class="ok" id="result">The account is now authorized.</p>
            <table>
            <tr><th>Account</th><td id="nick-name">{E(summary.Profile?.NickName ?? summary.AuthorizerAppId)}</td></tr>
            <tr><th>AppID</th><td><code id="authorizer-appid">{E(summary.AuthorizerAppId)}</code></td></tr>
            <tr><th>Kind</th><td>{(summary.Profile?.IsMiniProgram == true ? "小程序 Mini program" : "公众号 Official account")}</td></tr>
            <tr><th>Granted permission sets</th><td><ul id="permissions">{permissions}</ul></td></tr>
            </table>
            """);
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Component {ComponentAppId}: an authorization callback failed ({Problem})")]
    private static partial void LogCallbackFailed(ILogger logger, string componentAppId, PlatformProblem problem);

    /// <summary>The log category of these endpoints.</summary>
    internal sealed class Log;
}
