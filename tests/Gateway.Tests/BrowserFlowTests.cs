using Gateway.Tests.Support;
using Microsoft.Playwright;

namespace Gateway.Tests;

/// <summary>
/// A person's path through the platform in headless Chromium (Debian's, installed by scripts/test.sh):
/// start page → WeChat sandbox authorization page → callback page → status page. Screenshots are kept as artifacts.
/// </summary>
[Trait(Tier.Name, Tier.Browser)]
public sealed class BrowserFlowTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task An_admin_authorizes_an_account_and_an_operator_sees_it_on_the_status_page()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs Debian's chromium package.");
        Directory.CreateDirectory(Screenshots);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync($"{host.BaseUrl}/wechat/{GatewayHost.ComponentAppId}/authorize");
        await Snap(page, "1-start");
        await page.ClickAsync("#authorize");

        await page.WaitForSelectorAsync("#approve");
        Assert.Contains("沙盒书店 Sandbox Books", await page.ContentAsync());
        await page.CheckAsync("input[value='wx5a4db0acc0000002']");
        await Snap(page, "2-wechat-authorization-page");
        await page.ClickAsync("#approve");

        await page.WaitForSelectorAsync("#result");
        await Snap(page, "3-callback");
        Assert.Equal("沙盒书店 Sandbox Books", await page.InnerTextAsync("#nick-name"));
        Assert.Equal("wx5a4db0acc0000002", await page.InnerTextAsync("#authorizer-appid"));
        Assert.Contains("消息管理 Messages", await page.InnerTextAsync("#permissions"));

        await page.GotoAsync($"{host.BaseUrl}/status");
        await page.FillAsync("#key", GatewayHost.ApiKey);
        await page.ClickAsync("#sign-in");
        var row = page.Locator("tr.authorizer[data-appid='wx5a4db0acc0000002']");
        await row.WaitForAsync();
        await Snap(page, "4-status");
        Assert.Equal("authorized", await row.Locator(".status").InnerTextAsync());
        Assert.EndsWith("left", (await row.Locator(".token-left").InnerTextAsync()).Trim());
        Assert.EndsWith("ago", (await page.Locator("table.component .ticket-age").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task A_user_opens_a_shop_page_inside_an_official_account_approves_web_page_authorization_and_the_shop_shows_their_openid()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test.sh installs Debian's chromium package.");
        Directory.CreateDirectory(Screenshots);
        await host.AuthorizeAsync(GatewayHost.Account);
        await using var shop = await OAuthShop.StartAsync(host.BaseUrl, GatewayHost.ApiKey, GatewayHost.ComponentAppId, GatewayHost.Account);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync($"{shop.Url}/shop");
        await page.WaitForSelectorAsync("#allow");
        Assert.Contains("沙盒咖啡 Sandbox Coffee", await page.ContentAsync());
        await page.CheckAsync("input[name='user'][value='new']");
        await page.FillAsync("#new_user", "Browser Visitor");
        await Snap(page, "oauth-1-wechat-page");
        await page.ClickAsync("#allow");

        await page.WaitForSelectorAsync("#openid");
        await Snap(page, "oauth-2-shop");
        var openId = await page.InnerTextAsync("#openid");
        Assert.Equal("cart-42", await page.InnerTextAsync("#state"));
        Assert.StartsWith("o", openId, StringComparison.Ordinal);
        Assert.Contains(host.WeChat.Calls.All(WeChat.Api.ComponentApis.OAuthAccessToken), c => c.ErrorCode == 0);
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    private static Task Snap(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}
