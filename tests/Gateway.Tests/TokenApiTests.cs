using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using Sandbox.State;
using WeChat.Api;

namespace Gateway.Tests;

public sealed class TokenApiTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const string Component = GatewayHost.ComponentAppId;

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic Z2F0ZXdheS10ZXN0LWtleQ==")]
    [InlineData("Bearer")]
    public async Task Without_a_valid_key_every_route_is_401_and_reveals_nothing(string? authorization)
    {
        foreach (var path in new[] { $"/api/components/{Component}/token", $"/api/components/{Component}/authorizers", "/api/components/wxunknown/token" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await host.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            Assert.DoesNotContain("wx", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_component_token_is_valid_for_at_least_a_minute_in_the_contract_shape()
    {
        var body = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/token");

        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
        var expiresAt = body.GetProperty("expires_at").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", expiresAt);
        Assert.True(DateTimeOffset.Parse(expiresAt, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddSeconds(60));
    }

    [Fact]
    public async Task An_authorizer_token_is_served_and_listed_with_status_and_func_info()
    {
        await host.AuthorizeAsync(GatewayHost.Account);

        var token = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/authorizers/{GatewayHost.Account}/token");
        var list = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/authorizers");

        Assert.False(string.IsNullOrEmpty(token.GetProperty("access_token").GetString()));
        var entry = list.EnumerateArray().Single(e => e.GetProperty("authorizer_appid").GetString() == GatewayHost.Account);
        Assert.Equal("authorized", entry.GetProperty("status").GetString());
        Assert.Contains(1, entry.GetProperty("func_info").EnumerateArray().Select(e => e.GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, entry.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task A_jsapi_ticket_is_served_for_an_authorized_account_and_the_same_one_again_while_valid()
    {
        await host.AuthorizeAsync(GatewayHost.Account);
        var path = $"/api/components/{Component}/authorizers/{GatewayHost.Account}/jsapi-ticket";

        var first = await host.Api.GetFromJsonAsync<JsonElement>(path);
        var second = await host.Api.GetFromJsonAsync<JsonElement>(path);

        Assert.False(string.IsNullOrEmpty(first.GetProperty("ticket").GetString()));
        Assert.Equal(first.GetProperty("ticket").GetString(), second.GetProperty("ticket").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", first.GetProperty("expires_at").GetString()!);
        using var unknown = await host.Api.GetAsync($"/api/components/{Component}/authorizers/wx00000000000000e1/jsapi-ticket");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Unknown_component_and_unknown_authorizer_are_404_problems()
    {
        using var component = await host.Api.GetAsync("/api/components/wxunknown000000000/token");
        using var authorizer = await host.Api.GetAsync($"/api/components/{Component}/authorizers/wx00000000000000e2/token");

        Assert.Equal(HttpStatusCode.NotFound, component.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, authorizer.StatusCode);
        Assert.Equal("application/problem+json", authorizer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_revoked_authorizer_is_410()
    {
        const string account = "wx5a4db0acc0000002";
        await host.AuthorizeAsync(account);
        host.WeChat.Revoke(host.WeChat.Options.FindComponent(Component)!, account);

        var status = await Eventually.Until(async () =>
        {
            using var response = await host.Api.GetAsync($"/api/components/{Component}/authorizers/{account}/token");
            return response.StatusCode;
        }, status => status == HttpStatusCode.Gone);

        Assert.Equal(HttpStatusCode.Gone, status);
    }

    [Fact]
    public async Task Refresh_with_the_rejected_token_answers_a_new_valid_one_once()
    {
        await host.AuthorizeAsync(GatewayHost.MiniProgram);
        var current = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/authorizers/{GatewayHost.MiniProgram}/token");
        var rejected = current.GetProperty("access_token").GetString()!;
        var before = host.WeChat.Calls.All(ComponentApis.AuthorizerToken).Count(c => c.AuthorizerAppId == GatewayHost.MiniProgram);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await host.Api.PostAsJsonAsync($"/api/components/{Component}/authorizers/{GatewayHost.MiniProgram}/token/refresh", new { rejected_token = rejected });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        }));

        // The gateway's short token cache holds the new token from then on, not the rejected one.
        var next = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/authorizers/{GatewayHost.MiniProgram}/token");

        Assert.Single(answers.Distinct());
        Assert.NotEqual(rejected, answers[0]);
        Assert.Equal(answers[0], next.GetProperty("access_token").GetString());
        Assert.Equal(before + 1, host.WeChat.Calls.All(ComponentApis.AuthorizerToken).Count(c => c.AuthorizerAppId == GatewayHost.MiniProgram));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"rejected_token\":\"\"}")]
    public async Task Refresh_without_a_rejected_token_is_400(string body)
    {
        using var content = new StringContent(body, MediaTypeHeaderValue.Parse("application/json"));
        using var response = await host.Api.PostAsync($"/api/components/{Component}/authorizers/{GatewayHost.Account}/token/refresh", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task When_WeChat_is_down_and_no_valid_token_exists_the_answer_is_503_with_retry_after()
    {
        const string account = "wx570bc396a51b8ff8";
        await host.AuthorizeAsync(account);
        var token = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{Component}/authorizers/{account}/token");
        var rejected = token.GetProperty("access_token").GetString();
        host.WeChat.Faults.Add(new Fault(FaultKind.Http500, 1000, ComponentApis.AuthorizerToken));
        try
        {
            using var response = await host.Api.PostAsJsonAsync($"/api/components/{Component}/authorizers/{account}/token/refresh", new { rejected_token = rejected });
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            Assert.Equal("wechat_unavailable", problem.GetProperty("problem").GetString());
            Assert.DoesNotContain(rejected!, problem.ToString());
        }
        finally
        {
            host.WeChat.Faults.Clear();
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_token_api()
    {
        var document = await host.Http.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/components/{componentAppId}/authorizers/{authorizerAppId}/token", document);
    }
}
