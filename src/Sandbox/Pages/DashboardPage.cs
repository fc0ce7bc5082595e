using System.Text;
using static Sandbox.Pages.Html;

namespace Sandbox.Pages;

/// <summary>The sandbox's home page: platforms, their authorizations (with a revoke button) and recent calls.</summary>
internal static class DashboardPage
{
    public static void MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sandbox", Show).ExcludeFromDescription();
        routes.MapPost("/sandbox/revoke", async (HttpContext http, SandboxWorld world) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (world.Options.FindComponent(form["component_appid"]) is not { } component || !world.Revoke(component, form["authorizer_appid"].ToString()))
            {
                return Error("Revoke failed", "no such authorization", 404);
            }

            return Results.Redirect("/sandbox");
        }).DisableAntiforgery().ExcludeFromDescription();
        routes.MapPost("/sandbox/push-ticket", async (HttpContext http, SandboxWorld world) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (world.Options.FindComponent(form["component_appid"]) is not { } component)
            {
                return Error("Push failed", "no such component", 404);
            }

            await world.Pusher.PushTicketAsync(component, http.RequestAborted);
            return Results.Redirect("/sandbox");
        }).DisableAntiforgery().ExcludeFromDescription();
    }

    private static IResult Show(SandboxWorld world, ReleaseTesting.ReleaseTestRunner releaseTests)
    {
        var html = new StringBuilder();
        foreach (var component in world.Options.Components)
        {
            html.Append($"""
                <h2>Platform <code>{E(component.AppId)}</code></h2>
                <p>Event URL: <code>{E(component.EventUrl ?? "(none)")}</code><br>Message URL: <code>{E(component.MessageUrl ?? "(none)")}</code></p>
                <form method="post" action="/sandbox/push-ticket"><input type="hidden" name="component_appid" value="{E(component.AppId)}">
                <button type="submit">Push a ticket now</button></form>
                <table><tr><th>Account</th><th>Authorized</th><th>Code exchanged</th><th>Permission sets</th><th></th></tr>
                """);
            foreach (var authorization in world.Authorizations.Active(component.AppId))
            {
                var account = world.FindAccount(authorization.AuthorizerAppId);
                html.Append($"""
                    <tr><td>{E(account?.NickName)} <code>{E(authorization.AuthorizerAppId)}</code></td>
                    <td>{authorization.AuthorizedAt:u}</td><td>{(authorization.Exchanged ? "yes" : "no")}</td>
                    <td>{E(string.Join(", ", authorization.PermissionSets))}</td>
                    <td><form method="post" action="/sandbox/revoke"><input type="hidden" name="component_appid" value="{E(component.AppId)}">
                    <input type="hidden" name="authorizer_appid" value="{E(authorization.AuthorizerAppId)}">
                    <button class="danger" type="submit">Revoke 取消授权</button></form></td></tr>
                    """);
            }

            html.Append("</table>");
            CodeManagement.CodeStatePage.Append(html, world, component.AppId);
            if (releaseTests.Last(component.AppId) is { } report)
            {
                html.Append($"<h3>全网发布测试 Release test, group {report.Group}, {report.At:u}: {(report.Passed ? "passed" : "FAILED")}</h3><table><tr><th>Case</th><th>Verdict</th><th>Detail</th></tr>");
                foreach (var c in report.Cases)
                {
                    html.Append($"<tr class=\"release-case\"><td>{E(c.Name)}</td><td>{(c.Passed ? "pass" : "FAIL")}</td><td>{E(c.Detail)}</td></tr>");
                }

                html.Append("</table>");
            }
            else
            {
                html.Append($"<p>Release test: not run yet (<code>POST /sandbox/api/components/{E(component.AppId)}/release-test</code>)</p>");
            }
        }

        html.Append("<h2>Recent API calls</h2><table><tr><th>At</th><th>API</th><th>Component</th><th>Authorizer</th><th>errcode</th></tr>");
        foreach (var call in world.Calls.All().TakeLast(30).Reverse())
        {
            html.Append($"<tr><td>{call.At:HH:mm:ss}</td><td><code>{E(call.Api)}</code></td><td>{E(call.ComponentAppId)}</td><td>{E(call.AuthorizerAppId)}</td><td>{call.ErrorCode}</td></tr>");
        }

        html.Append("</table>");
        return Page("WeChat sandbox", html.ToString());
    }
}
