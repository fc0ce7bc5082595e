using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests;

public sealed class VerificationFileHost : GatewayHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("WeChat:VerificationFiles:0:Name", "MP_verify_abc123.txt"),
        new("WeChat:VerificationFiles:0:Content", "abc123"),
    ];
}

public sealed class OperationsTests(VerificationFileHost host) : IClassFixture<VerificationFileHost>
{
    [Fact]
    public async Task Liveness_and_readiness_answer()
    {
        using var live = await host.Http.GetAsync("/health/live");
        using var ready = await host.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_configured_domain_verification_file_is_served_as_plain_text()
    {
        using var file = await host.Http.GetAsync("/MP_verify_abc123.txt");
        using var missing = await host.Http.GetAsync("/MP_verify_other.txt");

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/plain", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("abc123", await file.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_status_page_needs_a_key_login_and_shows_no_token()
    {
        await host.AuthorizeAsync(GatewayHost.Account);

        using var anonymous = await host.Http.GetAsync("/status");
        using var wrong = await host.Http.PostAsync("/status/login", new FormUrlEncodedContent([new("key", "nope")]));
        using var login = await host.Http.PostAsync("/status/login", new FormUrlEncodedContent([new("key", GatewayHost.ApiKey)]));
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status") { Headers = { { "Cookie", cookie } } };
        using var page = await host.Http.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();
        var token = await host.Grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(GatewayHost.ComponentAppId, GatewayHost.Account)).GetTokenAsync();

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/status/login", anonymous.Headers.Location!.OriginalString.Replace(host.BaseUrl, "", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(GatewayHost.ComponentAppId, html);
        Assert.Contains(GatewayHost.Account, html);
        Assert.Contains("authorized", html);
        Assert.Contains(" left", html);
        Assert.Contains($"data-event=\"authorized\" data-appid=\"{GatewayHost.Account}\"", html);
        Assert.DoesNotContain(token.Value, html);
    }
}
