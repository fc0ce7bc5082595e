using System.Net;
using System.Net.Http.Json;
using Gateway.Access;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Tests;

/// <summary>The contract's "Access": scoped clients, platform restrictions, per-client limits, every call recorded.</summary>
public sealed class ClientAccessTests(ScopedClientsHost host) : IClassFixture<ScopedClientsHost>
{
    private const string Component = GatewayHost.ComponentAppId;
    private const string Account = GatewayHost.Account;

    /// <summary>Every business route of the contract with the scope it needs.</summary>
    public static TheoryData<string, string, string> Routes => new()
    {
        { "GET", "/token", ApiScopes.Tokens },
        { "GET", "/authorizers", ApiScopes.Tokens },
        { "GET", $"/authorizers/{Account}/token", ApiScopes.Tokens },
        { "GET", $"/authorizers/{Account}/jsapi-ticket", ApiScopes.Tokens },
        { "POST", $"/authorizers/{Account}/token/refresh", ApiScopes.Refresh },
        { "GET", $"/authorizers/{Account}/card-ticket", ApiScopes.Tokens },
        { "GET", $"/authorizers/{Account}/wechat/cgi-bin/get_current_selfmenu_info", ApiScopes.Act },
        { "GET", "/wechat/wxa/gettemplatelist", ApiScopes.Act },
        { "GET", $"/authorizers/{Account}/oauth/authorize-url?redirect_uri=https%3A%2F%2Fshop.example%2F", ApiScopes.Act },
        { "POST", $"/authorizers/{Account}/oauth/token", ApiScopes.Act },
        { "POST", $"/authorizers/{Account}/oauth/refresh", ApiScopes.Act },
        { "POST", $"/authorizers/{Account}/jscode2session", ApiScopes.Act },
        { "POST", $"/authorizers/{Account}/jsapi-signature", ApiScopes.Act },
        { "GET", $"/authorizers/{Account}/release", ApiScopes.Release },
        { "POST", "/authorizers/restore", ApiScopes.Admin },
        { "GET", "/dead-letters", ApiScopes.Admin },
        { "POST", "/dead-letters/redeliver", ApiScopes.Admin },
        { "POST", "/releases", ApiScopes.Release },
        { "GET", "/releases", ApiScopes.Release },
        { "GET", "/releases/0190f5c2a1b27c3d8e9fa0b1c2d3e4f5", ApiScopes.Release },
        { "GET", "/releases/0190f5c2a1b27c3d8e9fa0b1c2d3e4f5/accounts", ApiScopes.Release },
        { "POST", "/releases/0190f5c2a1b27c3d8e9fa0b1c2d3e4f5/pause", ApiScopes.Release },
        { "POST", "/releases/0190f5c2a1b27c3d8e9fa0b1c2d3e4f5/rollback", ApiScopes.Release },
    };

    [Fact]
    public void Every_business_route_requires_a_scope()
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Contains(
            e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy is { } policy && ApiScopes.All.Contains(policy)));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_client_without_the_scope_gets_403_and_one_with_it_gets_through(string method, string path, string scope)
    {
        await host.AuthorizeAsync(Account);
        foreach (var client in ScopedClientsHost.Clients.Where(c => c.Name != "limited" && c.Components is [] or [Component]))
        {
            using var http = host.As(client.Name);
            using var response = await SendAsync(http, method, $"/api/components/{Component}{path}");

            if (client.Scopes.Contains(scope))
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{client.Name}: {response.StatusCode}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_client_of_other_platforms_gets_403_whether_or_not_the_platform_exists(string method, string path, string scope)
    {
        Assert.NotNull(scope);
        using var elsewhere = host.As("elsewhere");
        using var here = await SendAsync(elsewhere, method, $"/api/components/{Component}{path}");
        using var unknown = await SendAsync(elsewhere, method, $"/api/components/wx0000000000000bad{path}");
        using var ownButUnknown = await SendAsync(elsewhere, method, $"/api/components/{ScopedClientsHost.OtherPlatform}{path}");

        Assert.Equal(HttpStatusCode.Forbidden, here.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(await ProblemAsync(here), await ProblemAsync(unknown));

        // Its own platform is not served by this deployment: only now does it learn that.
        Assert.Equal(HttpStatusCode.NotFound, ownButUnknown.StatusCode);
    }

    [Fact]
    public async Task An_unknown_key_is_401_even_on_a_platform_that_does_not_exist()
    {
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "reader-key-0123456788");

        using var known = await http.GetAsync($"/api/components/{Component}/token");
        using var unknown = await http.GetAsync("/api/components/wx0000000000000bad/token");

        Assert.Equal(HttpStatusCode.Unauthorized, known.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task A_rate_limited_client_gets_429_with_Retry_After_while_others_are_served()
    {
        using var limited = host.As("limited");
        using var reader = host.As("reader");

        var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => limited.GetAsync($"/api/components/{Component}/token")));
        using var other = await reader.GetAsync($"/api/components/{Component}/token");

        var refused = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(burst.Count(r => r.StatusCode == HttpStatusCode.OK), 1, 3);
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // Permits come back with time (the limiter runs on the real clock: wait for one, not for a guessed time).
        var later = await Eventually.Until(async () =>
        {
            using var response = await limited.GetAsync($"/api/components/{Component}/token");
            return response.StatusCode;
        }, status => status != HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, later);
        foreach (var response in burst)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Every_call_is_logged_and_counted_with_client_route_and_outcome_but_no_key_or_token()
    {
        using var reader = host.As("reader");
        using var answered = await reader.GetAsync($"/api/components/{Component}/token");
        var token = (await answered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("access_token").GetString()!;
        using var refused = await reader.GetAsync($"/api/components/{Component}/dead-letters");

        var lines = host.Logs.GetSnapshot().Where(l => l.Category == typeof(ApiAccessLog).FullName).Select(l => l.Message).ToList();
        Assert.Contains(lines, l => l.Contains("reader", StringComparison.Ordinal) && l.Contains("/token", StringComparison.Ordinal) && l.Contains("200", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("reader", StringComparison.Ordinal) && l.Contains("/dead-letters", StringComparison.Ordinal) && l.Contains("403", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.GetSnapshot(), l => l.Message.Contains(token, StringComparison.Ordinal) || l.Message.Contains("reader-key", StringComparison.Ordinal));

        var calls = host.Services.GetRequiredService<ApiAccessLog>().ByClient["reader"];
        Assert.True(calls.Answered >= 1);
        Assert.True(calls.Refused >= 1);
    }

    [Fact]
    public async Task Only_a_key_with_the_admin_scope_opens_the_status_page_which_shows_calls_per_client()
    {
        using var reader = host.As("reader");
        using var call = await reader.GetAsync($"/api/components/{Component}/token");

        using var refusedLogin = await LoginAsync("reader-key-0123456789");
        Assert.Equal(HttpStatusCode.Unauthorized, refusedLogin.StatusCode);

        using var login = await LoginAsync("operator-key-0123456789");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/status");
        page.Headers.Add("Cookie", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var status = await host.Http.SendAsync(page);
        var html = await status.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("data-client=\"reader\"", html, StringComparison.Ordinal);
    }

    /// <summary>A problem's fields but its trace id, which differs on every request.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        problem!.Remove("trace_id");
        return string.Join(";", problem.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
    }

    private Task<HttpResponseMessage> LoginAsync(string key) =>
        host.Http.PostAsync("/status/login", new FormUrlEncodedContent([new("key", key)]));

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string path) => method == "GET"
        ? http.GetAsync(path)
        : http.PostAsJsonAsync(path, new { rejected_token = "a-token-someone-saw-rejected", code = "a-code", refresh_token = "a-refresh-token", js_code = "a-js-code", url = "https://shop.example/", template_id = 1, user_version = "1.0.0" });
}
