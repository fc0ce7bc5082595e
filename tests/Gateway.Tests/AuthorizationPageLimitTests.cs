using System.Net;
using System.Threading.RateLimiting;
using Gateway.Hosting;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>
/// <c>Gateway:AuthorizationPages:PermitsPerMinute</c>: the start page, the redirect and the callback together, per client
/// address, the address forwarded only by a trusted proxy (<c>Gateway:TrustedProxies</c>).
/// </summary>
public sealed class AuthorizationPageLimitTests(AccessHost host) : IClassFixture<AccessHost>
{
    private const string Pages = $"/wechat/{GatewayHost.ComponentAppId}/authorize";

    [Fact]
    public async Task Over_the_limit_every_page_answers_429_with_Retry_After_and_WeChat_is_not_called()
    {
        using var browser = host.From("127.0.0.11");
        var preAuthCodes = host.WeChat.Calls.All(ComponentApis.CreatePreAuthCode).Count;
        var queries = host.WeChat.Calls.All(ComponentApis.QueryAuth).Count;

        for (var i = 0; i < AccessHost.PagePermits; i++)
        {
            using var redirect = await browser.GetAsync($"{Pages}/redirect", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        }

        var code = host.Approve(GatewayHost.Account);
        using var overRedirect = await browser.GetAsync($"{Pages}/redirect", TestContext.Current.CancellationToken);
        using var overStart = await browser.GetAsync(Pages, TestContext.Current.CancellationToken);
        using var overCallback = await browser.GetAsync($"{Pages}/callback?auth_code={Uri.EscapeDataString(code)}&expires_in=600", TestContext.Current.CancellationToken);

        Assert.All([overRedirect, overStart, overCallback], response =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.InRange(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60 / AccessHost.PagePermits));
        });
        Assert.Contains("Too many", await overStart.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(preAuthCodes + AccessHost.PagePermits, host.WeChat.Calls.All(ComponentApis.CreatePreAuthCode).Count);
        Assert.Equal(queries, host.WeChat.Calls.All(ComponentApis.QueryAuth).Count);
    }

    [Fact]
    public async Task A_forwarded_address_from_a_peer_that_is_not_a_trusted_proxy_is_ignored()
    {
        using var peer = host.From("127.0.0.12");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= AccessHost.PagePermits; i++)
        {
            statuses.Add(await StartPageAsync(peer, $"203.0.113.{i + 1}"));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, AccessHost.PagePermits), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_a_limit_of_its_own()
    {
        using var proxy = host.From("127.0.1.1");
        using var otherProxy = host.From("127.0.1.2");

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < AccessHost.PagePermits; i++)
        {
            first.Add(await StartPageAsync(proxy, "198.51.100.1"));
        }

        var second = await StartPageAsync(proxy, "198.51.100.2");
        var firstAgainThroughTheOtherProxy = await StartPageAsync(otherProxy, "198.51.100.1");
        var firstPretendingToBeAnother = await StartPageAsync(proxy, "192.0.2.99, 198.51.100.1");

        Assert.All(first, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal(HttpStatusCode.TooManyRequests, firstAgainThroughTheOtherProxy);
        Assert.Equal(HttpStatusCode.TooManyRequests, firstPretendingToBeAnother);
    }

    [Fact]
    public void Addresses_of_one_IPv6_64_network_share_a_limit_and_IPv4_mapped_addresses_count_as_IPv4()
    {
        Assert.Equal(ClientAddressLimit.Client(IPAddress.Parse("2001:db8:1:2::1")), ClientAddressLimit.Client(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.NotEqual(ClientAddressLimit.Client(IPAddress.Parse("2001:db8:1:2::1")), ClientAddressLimit.Client(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("192.0.2.1", ClientAddressLimit.Client(IPAddress.Parse("::ffff:192.0.2.1")));
    }

    [Fact]
    public async Task Zero_permits_per_minute_is_no_limit()
    {
        var policy = new ClientAddressLimit(0, (_, _) => ValueTask.CompletedTask);
        var http = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("192.0.2.1") } };
        await using var limiter = PartitionedRateLimiter.Create<HttpContext, string>(policy.GetPartition);

        var leases = Enumerable.Range(0, 1000).Select(_ => limiter.AttemptAcquire(http)).ToList();

        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
    }

    private static async Task<HttpStatusCode> StartPageAsync(HttpClient http, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Pages);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
