using System.Security.Claims;
using System.Text;
using Gateway.Access;
using Gateway.Authorization;
using Gateway.Hosting;
using Gateway.TokenApi;
using Grains;
using Microsoft.AspNetCore.Mvc;
using static Gateway.Pages.Page;

namespace Gateway.Status;

/// <summary>
/// The operators' page: every platform with its ticket age and token time left, its accounts counted by status and
/// by token time left, refreshes and failures per minute, its release campaigns (from the campaign store), and a
/// searchable page of its accounts (status, permission sets, token time left, a mini program's release stage, last
/// problem), from the authorizer index, and this gateway's calls per client. Never a
/// token. Behind a login with a key holding the admin scope; a client limited to some platforms sees only those, and
/// not the calls per client.
/// </summary>
internal static class StatusPage
{
    private const int PageSize = 50;

    public static void MapStatusPage(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/status").ExcludeFromDescription();
        group.MapGet("/", ShowAsync).RequireAuthorization(StatusLogin.Policy);
        group.MapStatusLogin();
    }

    private static async Task<IResult> ShowAsync(string? platform, string? after, string? status, string? q,
        [FromQuery(Name = "campaigns_after")] string? campaignsAfter,
        ClaimsPrincipal user, ComponentDirectory components, ClientRegistry clients, ApiAccessLog calls, IGrainFactory grains, TimeProvider time)
    {
        var viewer = clients.Find(user.Identity?.Name);
        var now = time.GetUtcNow();
        var filter = status is null ? null : AuthorizerStatusNames.Parse(status);
        var prefix = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var html = new StringBuilder();
        foreach (var component in components.All.Where(c => viewer?.MayUse(c.AppId) == true))
        {
            var appId = component.AppId;
            var directory = grains.GetGrain<IAuthorizerDirectoryGrain>(appId);
            var overview = directory.GetOverviewAsync();
            var platformStatus = await grains.GetGrain<IComponentGrain>(appId).GetStatusAsync();
            html.Append($"""
                <h2>Platform <code>{E(appId)}</code></h2>
                <table class="component" data-appid="{E(appId)}">
                <tr><th>Ticket received</th><td class="ticket-age">{Age(platformStatus.TicketReceivedAt, now)}</td></tr>
                <tr><th>Component token</th><td class="token-left">{Left(platformStatus.TokenExpiresAt, now)}</td></tr>
                <tr><th>Last problem</th><td class="problem">{E(platformStatus.LastProblem)}</td></tr>
                <tr><th>Last walk of WeChat's list</th><td class="reconciliation">{StatusCharts.Reconciliation(platformStatus.LastReconciliation)}</td></tr>
                </table>
                <p><a href="/wechat/{E(appId)}/authorize" id="authorize-{E(appId)}">Authorize an account</a></p>
                """);
            StatusCharts.AppendRecentAuthorizations(html, appId, platformStatus.RecentAuthorizations, now);
            StatusCharts.AppendOverview(html, appId, await overview);

            // Paging and search apply to the platform they were asked for; the others show their first page.
            var own = platform is null || platform == appId;
            var query = new AuthorizerQuery(own ? after : null, PageSize, own ? filter : null, own ? prefix : null);
            await StatusCampaigns.AppendAsync(html, appId, grains.GetGrain<ICampaignDirectoryGrain>(appId), own ? campaignsAfter : null, now);
            var accounts = await directory.ListAsync(query);
            AppendAuthorizers(html, appId, accounts, await StatusCampaigns.ReleasesOfAsync(grains, appId, accounts.Items), query, now);
            AppendDeadLetters(html, appId, await grains.GetGrain<IDeadLetterGrain>(appId).ListAsync(20));
        }

        // Every client's name and traffic concerns the whole deployment: not for an admin of some platforms only.
        if (viewer?.MayUseEveryPlatform == true)
        {
            StatusCharts.AppendCalls(html, calls.ByClient);
        }

        return Html("Status", html.ToString());
    }

    private static void AppendAuthorizers(StringBuilder html, string appId, AuthorizerPage page, IReadOnlyDictionary<string, MiniProgramRelease> releases,
        AuthorizerQuery query, DateTimeOffset now)
    {
        var statusOptions = string.Concat(AuthorizerStatusNames.All.Select(n =>
            $"<option{(query.Status is { } s && AuthorizerStatusNames.Name(s) == n ? " selected" : "")}>{E(n)}</option>"));
        html.Append($"""
            <form method="get" action="/status" class="search">
            <input type="hidden" name="platform" value="{E(appId)}">
            <label>Appid starts with <input name="q" value="{E(query.AppIdPrefix)}" size="24"></label>
            <label>Status <select name="status"><option value="">any</option>{statusOptions}</select></label>
            <button type="submit">Search</button>
            </form>
            <p class="muted"><span class="matching" data-appid="{E(appId)}">{page.Total}</span> matching accounts{(query.After is null ? "" : $", after <code>{E(query.After)}</code>")}</p>
            <table class="authorizers"><tr><th>Account</th><th>Status</th><th>Permission sets</th><th>Token</th><th>Release</th><th>Last problem</th></tr>
            """);
        foreach (var authorizer in page.Items)
        {
            var sets = string.Join(", ", authorizer.PermissionSets.Select(PermissionSets.Name));
            html.Append($"""
                <tr class="authorizer" data-appid="{E(authorizer.AuthorizerAppId)}">
                <td>{E(authorizer.NickName)}<br><code>{E(authorizer.AuthorizerAppId)}</code></td>
                <td class="status">{E(AuthorizerStatusNames.Name(authorizer.Status))}</td>
                <td>{E(sets)}</td>
                <td class="token-left">{Left(authorizer.TokenExpiresAt, now)}</td>
                {StatusCampaigns.ReleaseCell(releases.GetValueOrDefault(authorizer.AuthorizerAppId))}
                <td class="problem">{E(authorizer.LastProblem)}</td></tr>
                """);
        }

        html.Append("</table>");
        if (page.HasMore)
        {
            List<KeyValuePair<string, string?>> parameters =
            [
                new("platform", appId), new("after", page.Items[^1].AuthorizerAppId),
                new("status", query.Status is { } s ? AuthorizerStatusNames.Name(s) : null), new("q", query.AppIdPrefix),
            ];
            var next = QueryString.Create(parameters.Where(p => p.Value is not null));
            html.Append($"""<p><a class="next-page" href="/status{E(next.ToString())}">Next {PageSize} →</a></p>""");
        }
    }

    private static void AppendDeadLetters(StringBuilder html, string componentAppId, DeadLetterList letters)
    {
        var webhook = letters.Total == 0 ? "none" : $"<span class=\"problem\">{letters.Total}</span>";
        var dropped = letters.Dropped > 0 ? $" ({letters.Dropped} dropped over capacity)" : "";
        html.Append($"""
            <h3>Dead letters: <span class="dead-letter-count" data-appid="{E(componentAppId)}">{webhook}</span>{dropped}</h3>
            """);
        if (letters.Total == 0)
        {
            return;
        }

        html.Append($"""
            <p>Messages the webhook never took. <code>POST /api/components/{E(componentAppId)}/dead-letters/redeliver</code> hands them back for delivery.</p>
            <table class="dead-letters"><tr><th>Account</th><th>Message</th><th>Received</th><th>Attempts</th><th>Last problem</th></tr>
            """);
        foreach (var letter in letters.Newest)
        {
            html.Append($"""
                <tr class="dead-letter"><td><code>{E(letter.AuthorizerAppId)}</code></td><td>{E(letter.MsgType)} {E(letter.Event)}</td>
                <td>{letter.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z</td><td>{letter.Attempts}</td><td class="problem">{E(letter.LastProblem)}</td></tr>
                """);
        }

        html.Append("</table>");
    }

    internal static string Age(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } value ? $"{Describe(now - value)} ago" : "<span class=\"problem\">none yet</span>";

    internal static string Left(DateTimeOffset? expiresAt, DateTimeOffset now) =>
        expiresAt is { } value ? (value > now ? $"{Describe(value - now)} left" : "<span class=\"problem\">expired</span>") : "—";

    internal static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min" : $"{Math.Max(0, (int)span.TotalSeconds)} s";
}
