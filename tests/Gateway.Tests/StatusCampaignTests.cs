using System.Net;
using System.Text.RegularExpressions;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>
/// The status page's release campaigns as served over HTTP: each campaign's accounts by stage as a stacked bar, its
/// status, what it waits for and when it tries again, its failures grouped by errcode and reason, and each mini
/// program's release stage on its row of the accounts table; only for a signed-in admin. The browser test
/// (<see cref="StatusCampaignBrowserTests"/>) reads the same page's DOM.
/// </summary>
public sealed partial class StatusCampaignTests(FleetGatewayHost host) : IClassFixture<FleetGatewayHost>
{
    [Fact]
    public async Task The_status_page_draws_a_campaigns_stages_says_what_it_waits_for_and_groups_its_failures_by_reason()
    {
        var id = await host.StartCampaignAsync();
        var campaign = await host.CampaignAsync(id);

        var html = await host.StatusPageAsync();
        var start = html.IndexOf($"""<div class="campaign" data-id="{id}">""", StringComparison.Ordinal);
        Assert.True(start >= 0, "the campaign is on the page");
        var section = html[start..html.IndexOf("</div>", start, StringComparison.Ordinal)];

        Assert.Contains("""<span class="campaign-status">running</span>""", section, StringComparison.Ordinal);
        Assert.Contains("""<span class="waiting-for">audit_quota</span>""", section, StringComparison.Ordinal);
        var nextAttempt = campaign.GetProperty("next_attempt_at").GetDateTimeOffset().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"""class="next-attempt" data-at="{nextAttempt}">""", section, StringComparison.Ordinal);

        var segments = Segment().Matches(section).ToDictionary(m => m.Groups["stage"].Value, m => (Accounts: m.Groups["accounts"].Value, Width: m.Groups["width"].Value));
        Assert.Equal(["committed", "approved", "failed"], segments.Keys);
        Assert.Equal([("1", "200.0"), ("1", "200.0"), ("3", "600.0")], segments.Values);

        var failures = Failure().Matches(section).Select(m => (m.Groups["errcode"].Value, m.Groups["reason"].Value, m.Groups["accounts"].Value)).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Equal(("86002", FleetGatewayHost.NotInitialized, "2"), failures[0]);
        Assert.Equal(("—", "1"), (failures[1].Item1, failures[1].Item3));
        Assert.Contains("official account", failures[1].Item2, StringComparison.Ordinal);

        var stages = Release().Matches(html).ToDictionary(m => m.Groups["appid"].Value, m => m.Groups["stage"].Value);
        Assert.Equal(["approved", "committed", "failed", "failed"], FleetGatewayHost.MiniPrograms.Select(a => stages[a]).Order());
        Assert.DoesNotContain(FleetGatewayHost.OfficialAccount, stages.Keys);
    }

    [Fact]
    public async Task The_status_page_sends_a_visitor_who_has_not_signed_in_to_the_admin_sign_in()
    {
        using var anonymous = await host.Http.GetAsync("/status");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/status/login", anonymous.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [GeneratedRegex("""<rect class="segment" data-stage="(?<stage>[a-z_]+)" data-accounts="(?<accounts>\d+)" x="[\d.]+" y="0" width="(?<width>[\d.]+)" """)]
    private static partial Regex Segment();

    [GeneratedRegex("""<tr class="failure"[^>]*>.*?<td class="errcode">(?<errcode>[^<]*)</td>\s*<td class="reason">(?<reason>[^<]*)</td><td class="accounts">(?<accounts>\d+)</td>""", RegexOptions.Singleline)]
    private static partial Regex Failure();

    [GeneratedRegex("""<tr class="authorizer" data-appid="(?<appid>wx[0-9a-f]+)">(?:(?!</tr>).)*?<td class="release" data-stage="(?<stage>[a-z_]+)">""", RegexOptions.Singleline)]
    private static partial Regex Release();
}
