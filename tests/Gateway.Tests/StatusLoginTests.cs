using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>
/// <c>/status/login</c> takes only a small urlencoded form, a few times a minute per client address
/// (<c>Gateway:StatusLogin:PermitsPerMinute</c>); the page shows every client's calls only to an admin of every platform.
/// </summary>
public sealed class StatusLoginTests(AccessHost host) : IClassFixture<AccessHost>
{
    [Fact]
    public async Task The_sign_in_takes_only_an_urlencoded_form()
    {
        using var browser = host.From("127.0.0.31");
        using var multipart = new MultipartFormDataContent { { new StringContent(AccessHost.OperatorKey), "key" } };
        using var json = new StringContent($$"""{"key":"{{AccessHost.OperatorKey}}"}""", Encoding.UTF8, "application/json");
        using var text = new StringContent($"key={AccessHost.OperatorKey}", Encoding.UTF8, "text/plain");

        using var asMultipart = await browser.PostAsync("/status/login", multipart, TestContext.Current.CancellationToken);
        using var asJson = await browser.PostAsync("/status/login", json, TestContext.Current.CancellationToken);
        using var asText = await browser.PostAsync("/status/login", text, TestContext.Current.CancellationToken);
        using var asForm = await SignInAsync(browser, AccessHost.OperatorKey);

        Assert.All([asMultipart, asJson, asText], response =>
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        });
        Assert.Equal(HttpStatusCode.Redirect, asForm.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_form_over_4_KiB_is_413_whether_its_length_is_announced_or_not()
    {
        using var browser = host.From("127.0.0.32");
        var body = $"key={AccessHost.OperatorKey}&padding={new string('x', 5000)}";
        using var announced = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");
        using var chunked = new StreamContent(new UnannouncedStream(Encoding.ASCII.GetBytes(body)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var withLength = await browser.PostAsync("/status/login", announced, TestContext.Current.CancellationToken);
        using var withoutLength = await browser.PostAsync("/status/login", chunked, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withoutLength.StatusCode);
        Assert.False(withLength.Headers.Contains("Set-Cookie") || withoutLength.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Sign_ins_over_the_limit_from_one_address_are_429_while_other_addresses_sign_in()
    {
        using var guesser = host.From("127.0.0.33");
        using var operatorBrowser = host.From("127.0.0.34");

        for (var i = 0; i < AccessHost.SignInPermits; i++)
        {
            using var wrong = await SignInAsync(guesser, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var refused = await SignInAsync(guesser, AccessHost.OperatorKey);
        using var other = await SignInAsync(operatorBrowser, AccessHost.OperatorKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_of_every_platform_sees_the_calls_per_client()
    {
        using var call = await host.Api.GetAsync($"/api/components/{GatewayHost.ComponentAppId}/token", TestContext.Current.CancellationToken);
        using var browser = host.From("127.0.0.35");

        var everyPlatform = await StatusPageAsync(browser, AccessHost.OperatorKey);
        var onePlatform = await StatusPageAsync(browser, AccessHost.PlatformOperatorKey);

        Assert.Contains($"data-appid=\"{GatewayHost.ComponentAppId}\"", everyPlatform, StringComparison.Ordinal);
        Assert.Contains("class=\"calls\"", everyPlatform, StringComparison.Ordinal);
        Assert.Contains("data-client=\"api-key-", everyPlatform, StringComparison.Ordinal);
        Assert.Contains($"data-appid=\"{GatewayHost.ComponentAppId}\"", onePlatform, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"calls\"", onePlatform, StringComparison.Ordinal);
        Assert.DoesNotContain("data-client=", onePlatform, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string key) =>
        http.PostAsync("/status/login", new FormUrlEncodedContent([new("key", key)]), TestContext.Current.CancellationToken);

    private static async Task<string> StatusPageAsync(HttpClient http, string key)
    {
        using var login = await SignInAsync(http, key);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/status");
        page.Headers.Add("Cookie", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var status = await http.SendAsync(page, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        return await status.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A body whose length is not known up front, so it goes out chunked.</summary>
    private sealed class UnannouncedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
