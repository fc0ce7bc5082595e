using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary><c>GET /api/components/{c}/authorizers</c>: pages of the index, sorted by appid, with totals and next links.</summary>
public sealed class AuthorizerListingTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const string Path = $"/api/components/{GatewayHost.ComponentAppId}/authorizers";
    private static readonly string[] Accounts = ["wx5a4db0acc0000001", "wx5a4db0acc0000002", "wx5a4db0acc0000003"];

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=-5")]
    [InlineData("limit=ten")]
    [InlineData("limit=1.5")]
    [InlineData("status=revoked")]
    [InlineData("status=Authorized")]
    public async Task A_bad_limit_or_status_is_a_400_problem_that_says_what_is_allowed(string query)
    {
        using var response = await host.Api.GetAsync($"{Path}?{query}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_request", problem.GetProperty("problem").GetString());
        Assert.Contains(query.Split('=')[0], problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Pages_follow_the_next_link_in_appid_order_with_the_total_on_each()
    {
        await AuthorizeAllAsync();
        var seen = new List<string>();
        string? next = $"{Path}?limit=1";
        var totals = new HashSet<string>();
        while (next is not null)
        {
            using var response = await host.Api.GetAsync(next);
            response.EnsureSuccessStatusCode();
            totals.Add(response.Headers.GetValues("X-Total-Count").Single());
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(page.GetArrayLength() <= 1);
            seen.AddRange(page.EnumerateArray().Select(e => e.GetProperty("authorizer_appid").GetString()!));
            next = response.Headers.TryGetValues("Link", out var link) ? Target(link.Single()) : null;
        }

        Assert.Equal(Accounts, seen);
        Assert.Equal(["3"], totals);
    }

    [Fact]
    public async Task The_status_filter_and_the_cursor_narrow_the_page_and_the_total()
    {
        await AuthorizeAllAsync();

        using var authorized = await host.Api.GetAsync($"{Path}?status=authorized&after={Accounts[0]}&limit=1");
        var page = await authorized.Content.ReadFromJsonAsync<JsonElement>();
        using var gone = await host.Api.GetAsync($"{Path}?status=reauthorization_required");
        using var beyond = await host.Api.GetAsync($"{Path}?after=wx~");

        Assert.Equal(Accounts[1], page[0].GetProperty("authorizer_appid").GetString());
        Assert.Equal("3", authorized.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal($"<{Path}?after={Accounts[1]}&limit=1&status=authorized>; rel=\"next\"", authorized.Headers.GetValues("Link").Single());
        Assert.Equal("0", gone.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(0, (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Equal(0, (await beyond.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.False(beyond.Headers.Contains("Link"));
    }

    private async Task AuthorizeAllAsync()
    {
        foreach (var account in Accounts)
        {
            await host.AuthorizeAsync(account);
        }
    }

    private static string Target(string link) => link[(link.IndexOf('<') + 1)..link.IndexOf('>')];
}
