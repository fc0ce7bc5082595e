using Gateway.Tests.Support;
using Microsoft.Playwright;

namespace Gateway.Tests;

/// <summary>
/// An operator signs in to the status page in headless Chromium and reads a campaign there: the stacked bar of its
/// stages, what it waits for, its failures by reason, and each mini program's stage on its row. A screenshot is kept.
/// </summary>
[Trait(Tier.Name, Tier.Browser)]
public sealed class StatusCampaignBrowserTests(FleetGatewayHost host) : IClassFixture<FleetGatewayHost>
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task An_operator_sees_a_campaigns_progress_by_stage_its_wait_and_its_failures_on_the_status_page()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs Debian's chromium package.");
        Directory.CreateDirectory(Screenshots);
        var id = await host.StartCampaignAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();

        await page.GotoAsync($"{host.BaseUrl}/status");
        await page.FillAsync("#key", GatewayHost.ApiKey);
        await page.ClickAsync("#sign-in");
        var campaign = page.Locator($"div.campaign[data-id='{id}']");
        await campaign.WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "status-campaign.png"), FullPage = true });

        Assert.Equal("running", await campaign.Locator(".campaign-status").InnerTextAsync());
        Assert.Equal("audit_quota", await campaign.Locator(".waiting-for").InnerTextAsync());
        Assert.StartsWith("in ", await campaign.Locator(".next-attempt").InnerTextAsync(), StringComparison.Ordinal);

        // The bar as drawn: each stage's share of the bar's rendered width.
        var bar = (await campaign.Locator("svg.stages").BoundingBoxAsync())!;
        var failed = (await campaign.Locator("rect.segment[data-stage='failed']").BoundingBoxAsync())!;
        var approved = (await campaign.Locator("rect.segment[data-stage='approved']").BoundingBoxAsync())!;
        Assert.Equal(0.6, failed.Width / bar.Width, 2);
        Assert.Equal(0.2, approved.Width / bar.Width, 2);
        Assert.Equal(3, await campaign.Locator("rect.segment").CountAsync());
        Assert.Equal("3", await campaign.Locator(".stage-counts .count-failed b").InnerTextAsync());

        var groups = campaign.Locator("table.failures tr.failure");
        Assert.Equal(2, await groups.CountAsync());
        Assert.Equal("86002", await groups.Nth(0).Locator(".errcode").InnerTextAsync());
        Assert.Equal(FleetGatewayHost.NotInitialized, await groups.Nth(0).Locator(".reason").InnerTextAsync());
        Assert.Equal("2", await groups.Nth(0).Locator(".accounts").InnerTextAsync());

        var stages = new List<string>();
        foreach (var appId in FleetGatewayHost.MiniPrograms)
        {
            var cell = page.Locator($"tr.authorizer[data-appid='{appId}'] td.release");
            stages.Add((await cell.GetAttributeAsync("data-stage"))!);
            Assert.Contains(id, await cell.InnerTextAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(["approved", "committed", "failed", "failed"], stages.Order());
        Assert.Equal("—", await page.Locator($"tr.authorizer[data-appid='{FleetGatewayHost.OfficialAccount}'] td.release").InnerTextAsync());
    }
}
