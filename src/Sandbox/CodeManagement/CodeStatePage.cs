using System.Text;
using static Sandbox.Pages.Html;

namespace Sandbox.CodeManagement;

/// <summary>The /sandbox page's section on mini-program code: each one's stage and versions, and buttons to decide a pending review.</summary>
internal static class CodeStatePage
{
    public const string DecideRoute = "/sandbox/audit";

    public static void MapCodeStatePage(this IEndpointRouteBuilder routes) =>
        routes.MapPost(DecideRoute, async (HttpContext http, SandboxWorld world, AuditDesk desk) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var appId = form["authorizer_appid"].ToString();
            if (!Enum.TryParse<AuditVerdict>(form["verdict"], ignoreCase: true, out var verdict))
            {
                return Error("Decision failed", "verdict must be approve, reject or delay");
            }

            return desk.Decide(appId, verdict, form["reason"] is { Count: > 0 } reason && reason.ToString().Length > 0 ? reason.ToString() : null)
                ? Results.Redirect("/sandbox")
                : Error("Decision failed", "this mini program has no review in progress", StatusCodes.Status409Conflict);
        }).DisableAntiforgery().ExcludeFromDescription();

    public static void Append(StringBuilder html, SandboxWorld world, string componentAppId)
    {
        var programs = world.Versions.Select(CodeStateView.From)
            .Where(v => world.Authorizations.Find(componentAppId, v.AppId) is { Active: true })
            .ToList();
        var (rest, limit, _, _) = world.AuditQuotas.Quota(componentAppId);
        html.Append($"<h3>小程序代码 Mini-program code</h3><p>Audit quota this month: {rest} of {limit} left.</p>");
        if (programs.Count == 0)
        {
            html.Append("<p>No mini program has committed code yet.</p>");
            return;
        }

        html.Append("<table><tr><th>Mini program</th><th>Stage</th><th>Experience</th><th>Audit</th><th>Online</th><th></th></tr>");
        foreach (var program in programs)
        {
            var audit = program.LatestAudit;
            html.Append($"""
                <tr class="code-state"><td>{E(world.FindAccount(program.AppId)?.NickName)} <code>{E(program.AppId)}</code></td>
                <td>{E(program.Stage)}</td><td>{E(program.Experience?.UserVersion)}</td>
                <td>{(audit is null ? "" : $"{audit.AuditId}: {E(audit.UserVersion)} {audit.Status}{(audit.Reason is null ? "" : " — " + E(audit.Reason))}")}</td>
                <td>{E(program.Online?.UserVersion)}{(program.GrayPlan is { Status: 1 } gray ? $" (gray {gray.Percentage} % of {E(gray.UserVersion)})" : "")}</td><td>
                """);
            if (audit is { Status: State.AuditStatus.InReview or State.AuditStatus.Delayed })
            {
                html.Append($"""
                    <form method="post" action="{DecideRoute}"><input type="hidden" name="authorizer_appid" value="{E(program.AppId)}">
                    <button type="submit" name="verdict" value="approve">Approve 通过</button>
                    <input name="reason" placeholder="reason 驳回原因">
                    <button class="danger" type="submit" name="verdict" value="reject">Reject 驳回</button></form>
                    """);
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
    }
}
