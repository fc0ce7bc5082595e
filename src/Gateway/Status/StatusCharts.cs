using System.Globalization;
using System.Text;
using Gateway.TokenApi;
using Grains;
using static Gateway.Pages.Page;

namespace Gateway.Status;

/// <summary>The status page's pictures: counts by status, accounts by token time left, refreshes and failures per minute.</summary>
internal static class StatusCharts
{
    private const int ActivityMinutes = 180;

    public static void AppendOverview(StringBuilder html, string appId, AuthorizerOverview overview)
    {
        html.Append($"""<table class="by-status" data-appid="{E(appId)}"><tr>""");
        foreach (var status in Enum.GetValues<AuthorizerStatus>())
        {
            var name = AuthorizerStatusNames.Name(status);
            html.Append($"""<th><a href="/status?platform={E(appId)}&amp;status={E(name)}">{E(name)}</a></th>""");
        }

        html.Append("</tr><tr>");
        foreach (var status in Enum.GetValues<AuthorizerStatus>())
        {
            html.Append($"""<td class="count-{E(AuthorizerStatusNames.Name(status))}">{overview.ByStatus.GetValueOrDefault(status)}</td>""");
        }

        html.Append("</tr></table>");
        AppendHorizon(html, overview.TokenHorizon);
        AppendActivity(html, overview.Activity);
    }

    /// <summary>The authorizations the platform recorded lately, newest first.</summary>
    public static void AppendRecentAuthorizations(StringBuilder html, string appId, IReadOnlyList<RecentAuthorization> recent, DateTimeOffset now)
    {
        html.Append($"""<h3>Latest authorizations</h3><table class="recent-authorizations" data-appid="{E(appId)}"><tr><th>When</th><th>Account</th><th>Event</th><th>Permission sets</th></tr>""");
        foreach (var authorization in recent)
        {
            var sets = string.Join(", ", authorization.PermissionSets.Select(Authorization.PermissionSets.Name));
            var name = Grains.Messages.AuthorizationDelivery.EventName(authorization.Event);
            html.Append($"""<tr class="authorization-event" data-event="{E(name)}" data-appid="{E(authorization.AuthorizerAppId)}"><td>{StatusPage.Describe(now - authorization.At)} ago</td><td><code>{E(authorization.AuthorizerAppId)}</code></td><td>{E(name)}</td><td>{E(sets)}</td></tr>""");
        }

        html.Append(recent.Count == 0 ? """<tr><td colspan="4" class="muted">none since this platform's grain started</td></tr></table>""" : "</table>");
    }

    /// <summary>This gateway's business API calls per client since it started (other replicas count their own).</summary>
    public static void AppendCalls(StringBuilder html, IReadOnlyDictionary<string, Access.ClientCalls> byClient)
    {
        html.Append("""<h2>API calls to this gateway, by client</h2><table class="calls"><tr><th>Client</th><th>Answered</th><th>Refused (4xx)</th><th>Failed (5xx)</th></tr>""");
        foreach (var (client, calls) in byClient.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            html.Append($"""<tr class="client" data-client="{E(client)}"><td>{E(client)}</td><td class="answered">{calls.Answered}</td><td class="refused">{calls.Refused}</td><td class="failed">{calls.Failed}</td></tr>""");
        }

        html.Append("</table>");
    }

    public static string Reconciliation(ReconciliationResult? result) => result is null
        ? "<span class=\"muted\">never</span>"
        : $"{result.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z: {result.Listed} listed, {result.Restored} restored, "
          + (result.NotListed == 0 ? "0 missing from WeChat's list" : $"<span class=\"problem\">{result.NotListed} authorized here but not listed by WeChat</span>");

    /// <summary>A bar per bucket: the first ones (no token, expired, under five minutes) in red when they hold anyone.</summary>
    private static void AppendHorizon(StringBuilder html, IReadOnlyList<TokenHorizonBucket> buckets)
    {
        var max = Math.Max(1, buckets.Max(b => b.Accounts));
        html.Append("<h3>Authorized accounts by token time left</h3><table class=\"horizon\">");
        foreach (var bucket in buckets)
        {
            var urgent = bucket.To is { } to && to <= TimeSpan.FromMinutes(5) || bucket is { From: null, To: null };
            var width = (int)Math.Round(100.0 * bucket.Accounts / max);
            html.Append($"""
                <tr class="bucket"><th>{E(Label(bucket))}</th><td class="accounts">{bucket.Accounts}</td>
                <td style="width:60%"><div style="background:{(urgent && bucket.Accounts > 0 ? "#cf222e" : "#1f6feb")};height:.8rem;width:{width}%"></div></td></tr>
                """);
        }

        html.Append("</table>");
    }

    /// <summary>Refreshes (blue, up) and failures (red, down) per minute over the last three hours, as one SVG.</summary>
    private static void AppendActivity(StringBuilder html, IReadOnlyList<TokenActivityMinute> minutes)
    {
        var refreshes = minutes.Sum(m => m.Refreshes);
        var failures = minutes.Sum(m => m.Failures);
        html.Append($"""<h3>Refreshes and failures per minute, last 3 h: <span class="refreshes">{refreshes}</span> refreshes, <span class="failures{(failures > 0 ? " problem" : "")}">{failures}</span> failures, <span class="ticks">{minutes.Sum(m => m.Ticks)}</span> reminder ticks</h3>""");
        if (minutes.Count == 0)
        {
            return;
        }

        var end = minutes[^1].Minute;
        var max = Math.Max(1, minutes.Max(m => Math.Max(m.Refreshes, m.Failures)));
        var svg = new StringBuilder($"""<svg class="activity" viewBox="0 0 {ActivityMinutes * 3} 100" width="100%" height="100" preserveAspectRatio="none"><line x1="0" y1="60" x2="{ActivityMinutes * 3}" y2="60" stroke="#d0d7de"/>""");
        foreach (var minute in minutes)
        {
            var x = (ActivityMinutes - 1 - (int)(end - minute.Minute).TotalMinutes) * 3;
            if (x < 0)
            {
                continue;
            }

            var up = 58.0 * minute.Refreshes / max;
            var down = 38.0 * minute.Failures / max;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="{60 - up:F1}" width="2" height="{up:F1}" fill="#1f6feb"/>""");
            if (minute.Failures > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="60" width="2" height="{down:F1}" fill="#cf222e"/>""");
            }
        }

        html.Append(svg).Append("</svg>");
        html.Append($"""<p class="muted">Busiest minute: {max}; up to {end.UtcDateTime:HH:mm}Z.</p>""");
    }

    private static string Label(TokenHorizonBucket bucket) => bucket switch
    {
        { From: null, To: null } => "no token",
        { From: null, To: { } to } when to <= TimeSpan.Zero => "expired",
        { From: { } from, To: null } => $"over {StatusPage.Describe(from)}",
        { From: { } from, To: { } to } => $"{StatusPage.Describe(from)} – {StatusPage.Describe(to)}",
        _ => "?",
    };
}
