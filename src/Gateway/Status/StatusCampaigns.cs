using System.Globalization;
using System.Text;
using Gateway.Releases;
using Grains;
using static Gateway.Pages.Page;

namespace Gateway.Status;

/// <summary>
/// The status page's release campaigns: each campaign's accounts by stage as one stacked bar, its status, what it
/// waits for and when it tries again, and its failures grouped by reason; and each mini program's release stage.
/// </summary>
internal static class StatusCampaigns
{
    public const int PageSize = 20;

    private const int FailureGroups = 10;
    private const int BarWidth = 1000;

    private static readonly Dictionary<ReleaseStage, string> Colours = new()
    {
        [ReleaseStage.None] = "#d0d7de",
        [ReleaseStage.Committed] = "#d4a72c",
        [ReleaseStage.Auditing] = "#1f6feb",
        [ReleaseStage.AuditDelayed] = "#8250df",
        [ReleaseStage.AuditFailed] = "#e16f24",
        [ReleaseStage.Approved] = "#54aeff",
        [ReleaseStage.Released] = "#1a7f37",
        [ReleaseStage.Gray] = "#4ac26b",
        [ReleaseStage.Reverted] = "#6e7781",
        [ReleaseStage.Failed] = "#cf222e",
    };

    /// <summary>A page of the platform's campaigns (by id, so in the order they were started), after <paramref name="after"/>.</summary>
    public static async Task AppendAsync(StringBuilder html, string appId, ICampaignDirectoryGrain directory, string? after, DateTimeOffset now)
    {
        var page = await directory.ListAsync(after, PageSize);
        html.Append($"""<h3>Release campaigns: <span class="campaign-count" data-appid="{E(appId)}">{page.Total}</span>{(after is null ? "" : $", after <code>{E(after)}</code>")}</h3>""");
        foreach (var campaign in page.Items)
        {
            var failures = campaign.Counts.GetValueOrDefault(ReleaseStage.Failed) + campaign.Counts.GetValueOrDefault(ReleaseStage.AuditFailed) > 0
                ? await directory.ListFailuresAsync(campaign.Id, FailureGroups)
                : [];
            AppendCampaign(html, campaign, failures, now);
        }

        if (page.HasMore)
        {
            KeyValuePair<string, string?>[] parameters = [new("platform", appId), new("campaigns_after", page.Items[^1].Id)];
            var next = QueryString.Create(parameters);
            html.Append($"""<p><a class="next-campaigns" href="/status{E(next.ToString())}">Next {PageSize} campaigns →</a></p>""");
        }
    }

    /// <summary>The release state of the mini programs among <paramref name="accounts"/>, by appid.</summary>
    public static async Task<IReadOnlyDictionary<string, MiniProgramRelease>> ReleasesOfAsync(IGrainFactory grains, string appId, IReadOnlyList<AuthorizerEntry> accounts)
    {
        var releases = await Task.WhenAll(accounts.Where(a => a.IsMiniProgram == true)
            .Select(a => grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(appId, a.AuthorizerAppId)).GetAsync()));
        return releases.ToDictionary(r => r.AuthorizerAppId, StringComparer.Ordinal);
    }

    /// <summary>An account's release cell: its stage, campaign and the reason of a failure; a dash for an official account.</summary>
    public static string ReleaseCell(MiniProgramRelease? release)
    {
        if (release is null)
        {
            return """<td class="release">—</td>""";
        }

        var stage = ReleaseNames.Of(release.Stage);
        var campaign = release.CampaignId is { } id ? $"<br><small class=\"muted\">{E(id)}</small>" : "";
        var problem = release.Stage is ReleaseStage.Failed or ReleaseStage.AuditFailed && release.Reason is { } reason
            ? $"<br><span class=\"problem\">{(release.ErrorCode is { } code ? $"{code}: " : "")}{E(reason)}</span>"
            : "";
        return $"""<td class="release" data-stage="{E(stage)}"><span class="release-stage">{E(stage)}</span>{campaign}{problem}</td>""";
    }

    private static void AppendCampaign(StringBuilder html, Campaign campaign, IReadOnlyList<CampaignFailure> failures, DateTimeOffset now)
    {
        var status = ReleaseNames.Of(campaign.Status) + (campaign.RollingBack ? " (rolling back)" : "");
        html.Append($"""
            <div class="campaign" data-id="{E(campaign.Id)}">
            <h4><code>{E(campaign.Id)}</code>: template {campaign.Spec.TemplateId}, version {E(campaign.Spec.UserVersion)}, started {StatusPage.Describe(now - campaign.CreatedAt)} ago</h4>
            <p>Status <span class="campaign-status">{E(status)}</span>{Waiting(campaign, now)}</p>
            """);
        AppendBar(html, campaign.Counts);
        AppendFailures(html, failures);
        html.Append("</div>");
    }

    private static string Waiting(Campaign campaign, DateTimeOffset now)
    {
        var waiting = campaign.WaitingFor is { } wait
            ? $"""; <span class="problem">waiting for <span class="waiting-for">{E(ReleaseNames.Of(wait))}</span></span>"""
            : "";
        var next = campaign is { Status: CampaignStatus.Running, NextAttemptAt: { } at }
            ? $"""; next attempt <span class="next-attempt" data-at="{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}">{(at > now ? $"in {StatusPage.Describe(at - now)}" : "now")}, at {at.UtcDateTime:yyyy-MM-dd HH:mm}Z</span>"""
            : "";
        return waiting + next;
    }

    /// <summary>The accounts by stage as one bar, a segment per stage in the order accounts move, and its legend with the counts.</summary>
    private static void AppendBar(StringBuilder html, IReadOnlyDictionary<ReleaseStage, long> counts)
    {
        var total = counts.Values.Sum();
        var svg = new StringBuilder($"""<svg class="stages" viewBox="0 0 {BarWidth} 24" width="100%" height="24" preserveAspectRatio="none"><rect x="0" y="0" width="{BarWidth}" height="24" fill="#f6f8fa"/>""");
        var legend = new StringBuilder("""<table class="stage-counts"><tr>""");
        var x = 0.0;
        foreach (var stage in Enum.GetValues<ReleaseStage>())
        {
            var name = ReleaseNames.Of(stage);
            var accounts = counts.GetValueOrDefault(stage);
            if (accounts > 0)
            {
                var width = (double)BarWidth * accounts / total;
                svg.Append(CultureInfo.InvariantCulture, $"""<rect class="segment" data-stage="{name}" data-accounts="{accounts}" x="{x:F1}" y="0" width="{width:F1}" height="24" fill="{Colours[stage]}"><title>{name}: {accounts}</title></rect>""");
                x += width;
            }

            legend.Append($"""<td class="count-{name}"><span style="display:inline-block;width:.7rem;height:.7rem;background:{Colours[stage]}"></span> {name} <b>{accounts}</b></td>""");
        }

        html.Append(svg).Append("</svg>").Append(legend).Append("</tr></table>");
    }

    private static void AppendFailures(StringBuilder html, IReadOnlyList<CampaignFailure> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }

        html.Append("""<table class="failures"><tr><th>Stage</th><th>errcode</th><th>Reason</th><th>Accounts</th></tr>""");
        foreach (var failure in failures)
        {
            html.Append($"""
                <tr class="failure" data-stage="{ReleaseNames.Of(failure.Stage)}" data-errcode="{failure.ErrorCode}"><td>{ReleaseNames.Of(failure.Stage)}</td>
                <td class="errcode">{(failure.ErrorCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : "—")}</td>
                <td class="reason">{E(failure.Reason)}</td><td class="accounts">{failure.Accounts}</td></tr>
                """);
        }

        html.Append("</table>");
    }
}
