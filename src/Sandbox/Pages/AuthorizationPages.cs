using System.Text;
using Flurl;
using static Sandbox.Pages.Html;

namespace Sandbox.Pages;

/// <summary>
/// WeChat's authorization pages (PC componentloginpage, mobile bindcomponent): an account's admin picks an
/// account, approves, and is sent to redirect_uri with the authorization code; the authorized event is pushed.
/// </summary>
internal static class AuthorizationPages
{
    public static void MapAuthorizationPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/cgi-bin/componentloginpage", Show).ExcludeFromDescription();
        routes.MapGet("/wxaopen/safe/bindcomponent", Show).ExcludeFromDescription();
        routes.MapGet("/safe/bindcomponent", Show).ExcludeFromDescription();
        routes.MapPost("/sandbox/authorize", ApproveAsync).DisableAntiforgery().ExcludeFromDescription();
    }

    private static IResult Show(HttpContext http, SandboxWorld world)
    {
        var query = http.Request.Query;
        var request = Read(world, query["component_appid"], query["pre_auth_code"], query["redirect_uri"],
            query["auth_type"], query["biz_appid"], query["category_id_list"]);
        if (request.Problem is { } problem)
        {
            return Error("授权失败 Authorization failed", problem);
        }

        if (DomainProblem(request, EntryHost(http)) is { } domainProblem)
        {
            return Error("授权失败 Authorization failed", domainProblem, 403);
        }

        var accounts = world.Options.Accounts
            .Where(a => request.AccountKind is 3 || (request.AccountKind == 1) == (a.Kind == SandboxAccountKind.OfficialAccount))
            .Where(a => request.BizAppId is null || a.AppId == request.BizAppId)
            .ToList();
        if (accounts.Count == 0)
        {
            return Error("授权失败 Authorization failed", "no test account can authorize with these parameters");
        }

        var list = new StringBuilder();
        foreach (var (account, index) in accounts.Select((a, i) => (a, i)))
        {
            list.Append($"""
                <label class="account"><input type="radio" name="authorizer_appid" value="{E(account.AppId)}"{(index == 0 ? " checked" : "")}>
                <strong>{E(account.NickName)}</strong> · {(account.Kind == SandboxAccountKind.MiniProgram ? "小程序 mini program" : "公众号 official account")}
                · <code>{E(account.AppId)}</code></label>
                """);
        }

        return Page("公众号/小程序授权 Authorize a platform", $"""
            <p>The platform <code>{E(request.Component!.AppId)}</code> asks to act for your account.
            Permission sets: <code>{E(string.Join(", ", request.PermissionSets))}</code></p>
            <form method="post" action="/sandbox/authorize">
            <input type="hidden" name="component_appid" value="{E(request.Component.AppId)}">
            <input type="hidden" name="pre_auth_code" value="{E(request.PreAuthCode)}">
            <input type="hidden" name="redirect_uri" value="{E(request.RedirectUri)}">
            <input type="hidden" name="auth_type" value="{request.AccountKind}">
            <input type="hidden" name="biz_appid" value="{E(request.BizAppId)}">
            <input type="hidden" name="category_id_list" value="{E(string.Join('|', request.PermissionSets))}">
            {list}
            <p>授权权限集 Permission sets granted (untick to refuse one):
            {string.Concat(request.PermissionSets.Select(id => $"<label class=\"set\"><input type=\"checkbox\" name=\"granted\" value=\"{id}\" checked> {id}</label> "))}</p>
            <p><button type="submit" id="approve">授权 Approve</button></p>
            </form>
            """);
    }

    private static async Task<IResult> ApproveAsync(HttpContext http, SandboxWorld world)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var request = Read(world, form["component_appid"], form["pre_auth_code"], form["redirect_uri"],
            form["auth_type"], form["biz_appid"], form["category_id_list"]);
        if (request.Problem is { } problem)
        {
            return Error("授权失败 Authorization failed", problem);
        }

        if (DomainProblem(request, null) is { } domainProblem)
        {
            return Error("授权失败 Authorization failed", domainProblem, 403);
        }

        var account = world.FindAccount(form["authorizer_appid"]);
        if (account is null || (request.BizAppId is not null && request.BizAppId != account.AppId))
        {
            return Error("授权失败 Authorization failed", "choose one of the listed accounts");
        }

        if (!world.Codes.TryConsumePreAuthCode(request.Component!.AppId, request.PreAuthCode!))
        {
            return Error("授权失败 Authorization failed", "pre_auth_code is invalid or has already been used");
        }

        // As on WeChat's page, the sets the admin unticked are not granted; a form with none ticked grants none.
        var ticked = form["granted"].Select(v => int.TryParse(v, out var id) ? id : -1).ToHashSet();
        var code = world.Approve(request.Component, account, request.PreAuthCode!, [.. request.PermissionSets.Where(ticked.Contains)]);
        var target = new Url(request.RedirectUri)
            .SetQueryParam("auth_code", code.Value)
            .SetQueryParam("expires_in", (int)world.Options.AuthorizationCodeLifetime.TotalSeconds);
        return Results.Redirect(target.ToString());
    }

    private sealed record PageRequest(
        SandboxComponent? Component,
        string? PreAuthCode,
        string? RedirectUri,
        int AccountKind,
        string? BizAppId,
        IReadOnlyList<int> PermissionSets,
        string? Problem);

    private static PageRequest Read(SandboxWorld world, string? componentAppId, string? preAuthCode, string? redirectUri, string? authType, string? bizAppId, string? categoryIds)
    {
        var component = world.Options.FindComponent(componentAppId);
        var kind = int.TryParse(authType, out var parsed) && parsed is >= 1 and <= 3 ? parsed : 3;
        var biz = string.IsNullOrEmpty(bizAppId) ? null : bizAppId;
        var requested = (categoryIds ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, out var id) ? id : -1).ToHashSet();
        var sets = component?.PermissionSets.Where(id => requested.Count == 0 || requested.Contains(id)).ToList() ?? [];

        string? problem = null;
        if (component is null)
        {
            problem = "component_appid is invalid";
        }
        else if (world.Codes.ProblemWithPreAuthCode(component.AppId, preAuthCode) is { } codeProblem)
        {
            problem = codeProblem;
        }
        else if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            problem = "redirect_uri must be an absolute http(s) URL";
        }

        return new PageRequest(component, preAuthCode, redirectUri, kind, biz, sets, problem);
    }

    /// <summary>
    /// WeChat's refusal when the entry page (the Referer) or redirect_uri is not on the registered 授权发起页域名;
    /// <paramref name="entryHost"/> null skips the entry page, which the approval form's own post does not have.
    /// </summary>
    private static string? DomainProblem(PageRequest request, string? entryHost)
    {
        var domain = request.Component!.InitiatingPageDomain;
        var redirectHost = new Uri(request.RedirectUri!).Host;
        var entryOk = entryHost is null || SameHost(entryHost, domain);
        return entryOk && SameHost(redirectHost, domain) ? null :
            "请确认授权入口页所在域名，与授权后回调页所在域名相同，并且，此两者都必须与申请第三方平台时填写的授权发起页域名相同。" +
            $"授权入口页所在域名：{(string.IsNullOrEmpty(entryHost) ? "空" : entryHost)} " +
            $"(the entry page and redirect_uri {redirectHost} must both be on the registered domain {domain ?? "(none registered)"})";
    }

    private static string EntryHost(HttpContext http) =>
        Uri.TryCreate(http.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) ? referer.Host : "";

    private static bool SameHost(string host, string? domain) =>
        domain is not null && string.Equals(host, domain, StringComparison.OrdinalIgnoreCase);
}
