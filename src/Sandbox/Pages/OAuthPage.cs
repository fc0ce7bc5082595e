using System.Text;
using Flurl;
using Sandbox.State;
using WeChat.Api;
using static Sandbox.Pages.Html;

namespace Sandbox.Pages;

/// <summary>
/// Web-page OAuth of an official account as a platform starts it (docs/wechat-protocol.md §3.11), served beside the
/// mobile authorization page: the user inside WeChat (picked or typed, since the sandbox cannot know who holds the phone)
/// approves and is sent to redirect_uri with a code, or refuses and is sent back with only the state.
/// </summary>
internal static class OAuthPage
{
    private const string NewUser = "new";

    public static void MapOAuthPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/connect/oauth2/authorize", Show).ExcludeFromDescription();
        routes.MapPost("/sandbox/oauth2/authorize", DecideAsync).DisableAntiforgery().ExcludeFromDescription();
    }

    private static IResult Show(HttpContext http, SandboxWorld world)
    {
        var query = http.Request.Query;
        var request = Read(world, query["component_appid"], query["appid"], query["redirect_uri"], query["response_type"], query["scope"], query["state"]);
        if (request.Problem is { } problem)
        {
            return Error("网页授权失败 Sign-in failed", problem);
        }

        var users = new StringBuilder();
        foreach (var (user, index) in world.Users.All().Select((u, i) => (u, i)))
        {
            users.Append($"""
                <label class="account"><input type="radio" name="user" value="{E(user.Id)}"{(index == 0 ? " checked" : "")}>
                <strong>{E(user.NickName)}</strong> · openid <code>{E(world.Users.OpenId(user, request.Account!.AppId))}</code></label>
                """);
        }

        var silent = request.Scope!.Split(',').All(s => s == OAuthScopes.Base)
            ? "<p><small>With snsapi_base WeChat asks nothing and redirects at once; here you say who is signing in.</small></p>"
            : "";
        return Page("网页授权 Sign in with WeChat", $"""
            <p><strong>{E(request.Account!.NickName)}</strong> (through the platform <code>{E(request.Component!.AppId)}</code>)
            asks for <code>{E(request.Scope)}</code>.</p>
            {silent}
            <form method="post" action="/sandbox/oauth2/authorize">
            <input type="hidden" name="component_appid" value="{E(request.Component.AppId)}">
            <input type="hidden" name="appid" value="{E(request.Account.AppId)}">
            <input type="hidden" name="redirect_uri" value="{E(request.RedirectUri)}">
            <input type="hidden" name="response_type" value="code">
            <input type="hidden" name="scope" value="{E(request.Scope)}">
            <input type="hidden" name="state" value="{E(request.State)}">
            {users}
            <label class="account"><input type="radio" name="user" value="{NewUser}"> a new user: <input type="text" name="new_user" id="new_user" placeholder="nickname"></label>
            <p><button type="submit" name="decision" value="allow" id="allow">允许 Allow</button>
            <button type="submit" name="decision" value="deny" id="deny" class="danger">拒绝 Refuse</button></p>
            </form>
            """);
    }

    private static async Task<IResult> DecideAsync(HttpContext http, SandboxWorld world)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var request = Read(world, form["component_appid"], form["appid"], form["redirect_uri"], form["response_type"], form["scope"], form["state"]);
        if (request.Problem is { } problem)
        {
            return Error("网页授权失败 Sign-in failed", problem);
        }

        var target = new Url(request.RedirectUri);
        if (form["decision"] != "allow")
        {
            return Results.Redirect(target.SetQueryParam("state", request.State ?? "").ToString());
        }

        var user = form["user"] == NewUser
            ? (form["new_user"].ToString() is { Length: > 0 } name ? world.Users.Create(name) : null)
            : world.Users.Find(form["user"]);
        if (user is null)
        {
            return Error("网页授权失败 Sign-in failed", "choose a user, or type the nickname of a new one");
        }

        var code = world.UserCodes.Issue(UserCodeKind.OAuth, request.Component!.AppId, request.Account!.AppId, user, request.Scope);
        return Results.Redirect(target
            .SetQueryParam("code", code.Value)
            .SetQueryParam("state", request.State ?? "")
            .SetQueryParam("appid", request.Account.AppId)
            .ToString());
    }

    private sealed record PageRequest(SandboxComponent? Component, SandboxAccount? Account, string? RedirectUri, string? Scope, string? State, string? Problem);

    private static PageRequest Read(SandboxWorld world, string? componentAppId, string? appId, string? redirectUri, string? responseType, string? scope, string? state)
    {
        var component = world.Options.FindComponent(componentAppId);
        var account = world.FindAccount(appId);
        var problem = (component, account) switch
        {
            (null, _) => "component_appid 参数错误 (no such third-party platform)",
            (_, null) => "appid 参数错误 (no such account)",
            (_, { Kind: SandboxAccountKind.MiniProgram }) => "小程序不能发起网页授权 (a mini program signs users in with wx.login, not web-page OAuth)",
            _ when world.Authorizations.Find(component.AppId, account.AppId) is not { Active: true } =>
                "该公众号未授权给此第三方平台 (the account has not authorized this platform)",
            _ when responseType != "code" => "response_type 参数错误 (must be code)",
            _ when !OAuthScopes.IsValid(scope) => $"scope 参数错误 (must be {OAuthScopes.Base} or {OAuthScopes.UserInfo})",
            _ when !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") =>
                "redirect_uri 参数错误 (must be an absolute http(s) URL)",
            _ when Encoding.UTF8.GetByteCount(state ?? "") > OAuthLinks.MaxStateBytes => $"state 参数错误 (at most {OAuthLinks.MaxStateBytes} bytes)",
            _ => null,
        };
        return new PageRequest(component, account, redirectUri, scope, string.IsNullOrEmpty(state) ? null : state, problem);
    }
}
