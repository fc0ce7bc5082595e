using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>
/// The campaign routes of the contract's "Mini-program releases": a bad body is a 400 problem that starts nothing; a
/// campaign starts with 202, Location and the campaign as the contract shows it; campaigns and their accounts page
/// like the authorizer list; commands answer the campaign afterwards; a cancelled campaign stays cancelled; a start
/// repeated with its Idempotency-Key starts nothing new. The gateway is also mounted under a path base.
/// </summary>
public sealed class CampaignRouteTests(PathBaseGatewayHost host) : IClassFixture<PathBaseGatewayHost>
{
    private const string Releases = $"/api/components/{GatewayHost.ComponentAppId}/releases";

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"user_version": "1.4.0"}""", "template_id" },
        { """{"template_id": 12}""", "user_version" },
        { """{"template_id": 12, "user_version": "1.4.0", "release": "tomorrow"}""", "release" },
        { """{"template_id": 12, "user_version": "1.4.0", "gray_percentage": 0}""", "gray_percentage" },
        { """{"template_id": 12, "user_version": "1.4.0", "audits_per_day": 0}""", "audits_per_day" },
        { """{"template_id": 12, "user_version": "1.4.0", "accounts": []}""", "accounts" },
        { """{"template_id": 12, "user_version": "1.4.0", "accounts": ["not-an-appid"]}""", "accounts" },
        { """{"template_id": -1, "user_version": "1.4.0"}""", "template_id" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_body_outside_the_contract_is_a_400_problem_naming_the_field_and_starts_nothing(string body, string field)
    {
        var before = await CountAsync();
        using var response = await host.Api.PostAsync(Releases, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("""{"template_id": 12, "user_version": "1.4.0", "ext_json": "{\"ext\":{}}"}""")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task An_unreadable_body_or_an_ext_json_that_is_not_an_object_is_a_400_problem(string body)
    {
        var before = await CountAsync();
        using var response = await host.Api.PostAsync(Releases, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_started_campaign_answers_202_with_its_location_and_every_stage_counted()
    {
        string[] accounts = ["wx5a4db0acc0000101", "wx5a4db0acc0000102", "wx5a4db0acc0000103"];
        using var response = await StartAsync(accounts, "manual");
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = started.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"{Releases}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(12, started.GetProperty("template_id").GetInt64());
        Assert.Equal("1.4.0", started.GetProperty("user_version").GetString());
        Assert.Equal("running", started.GetProperty("status").GetString());
        Assert.Equal("manual", started.GetProperty("release").GetString());
        Assert.Equal(JsonValueKind.Null, started.GetProperty("waiting_for").ValueKind);
        Assert.True(started.TryGetProperty("created_at", out _) && started.TryGetProperty("next_attempt_at", out _));
        var counts = started.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(["none", "committed", "auditing", "audit_delayed", "audit_failed", "approved", "released", "gray", "reverted", "failed"], counts.Keys);
        Assert.Equal(3, counts.Values.Sum());

        var one = await host.Api.GetFromJsonAsync<JsonElement>($"{Releases}/{id}", Ct);
        Assert.Equal(id, one.GetProperty("id").GetString());
        Assert.Equal(3, one.GetProperty("counts").EnumerateObject().Sum(p => p.Value.GetInt64()));
    }

    [Fact]
    public async Task Campaigns_and_their_accounts_page_like_the_authorizer_list_with_a_stage_filter()
    {
        string[] accounts = ["wx5a4db0acc0000201", "wx5a4db0acc0000202", "wx5a4db0acc0000203"];
        using var first = await StartAsync(accounts, "manual");
        using var second = await StartAsync(accounts[..1], "after_audit");
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        using var page = await host.Api.GetAsync($"{Releases}/{id}/accounts?limit=2", Ct);
        var items = await page.Content.ReadFromJsonAsync<JsonElement[]>(Ct);
        Assert.Equal(["wx5a4db0acc0000201", "wx5a4db0acc0000202"], items!.Select(a => a.GetProperty("authorizer_appid").GetString()));
        Assert.All(items!, a => Assert.True(a.TryGetProperty("stage", out _) && a.TryGetProperty("errcode", out _) && a.TryGetProperty("reason", out _)));
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal($"<{Releases}/{id}/accounts?after=wx5a4db0acc0000202&limit=2>; rel=\"next\"", page.Headers.GetValues("Link").Single());

        using var released = await host.Api.GetAsync($"{Releases}/{id}/accounts?stage=released", Ct);
        Assert.Equal("0", released.Headers.GetValues("X-Total-Count").Single());
        Assert.Empty((await released.Content.ReadFromJsonAsync<JsonElement[]>(Ct))!);

        using var badStage = await host.Api.GetAsync($"{Releases}/{id}/accounts?stage=published", Ct);
        using var badLimit = await host.Api.GetAsync($"{Releases}?limit=0", Ct);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badStage.StatusCode, badLimit.StatusCode));
        await AssertProblemAsync(badStage, "invalid_request", "stage");
        await AssertProblemAsync(badLimit, "invalid_request", "limit");

        using var campaigns = await host.Api.GetAsync($"{Releases}?limit=1", Ct);
        var total = int.Parse(campaigns.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total >= 2);
        Assert.Contains("rel=\"next\"", campaigns.Headers.GetValues("Link").Single());
        var all = await host.Api.GetFromJsonAsync<JsonElement[]>($"{Releases}?limit=1000", Ct);
        var ids = all!.Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Contains(id, ids);
    }

    [Fact]
    public async Task Pause_resume_and_cancel_answer_the_campaign_afterwards_and_a_cancelled_one_stays_cancelled()
    {
        using var response = await StartAsync(["wx5a4db0acc0000301"], "after_audit");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        Assert.Equal("paused", await CommandAsync(id, "pause"));
        Assert.Equal("running", await CommandAsync(id, "resume"));
        Assert.Equal("cancelled", await CommandAsync(id, "cancel"));
        Assert.Equal("cancelled", await CommandAsync(id, "resume"));
        Assert.Equal("cancelled", await CommandAsync(id, "retry"));
        Assert.Equal("cancelled", (await host.Api.GetFromJsonAsync<JsonElement>($"{Releases}/{id}", Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_campaign_started_under_a_path_base_answers_a_location_under_it()
    {
        using var response = await host.Api.PostAsJsonAsync(PathBaseGatewayHost.PathBase + Releases, Body(["wx5a4db0acc0000401"], "manual"), Ct);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"{PathBaseGatewayHost.PathBase}{Releases}/{id}", response.Headers.Location?.OriginalString);
        using var found = await host.Api.GetAsync(response.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    [Fact]
    public async Task A_start_repeated_with_its_idempotency_key_answers_the_same_campaign_and_starts_nothing_new()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await StartAsync(["wx5a4db0acc0000501", "wx5a4db0acc0000502"], "manual", key);
        var before = await CountAsync();
        using var again = await StartAsync(["wx5a4db0acc0000501", "wx5a4db0acc0000502"], "manual", key);

        var (started, repeated) = (await first.Content.ReadFromJsonAsync<JsonElement>(Ct), await again.Content.ReadFromJsonAsync<JsonElement>(Ct));
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(started.GetProperty("id").GetString(), repeated.GetProperty("id").GetString());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(2, repeated.GetProperty("counts").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task An_idempotency_key_used_again_for_another_body_is_a_409_problem_and_starts_nothing()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await StartAsync(["wx5a4db0acc0000601"], "manual", key);
        var before = await CountAsync();
        using var other = await StartAsync(["wx5a4db0acc0000602"], "manual", key);

        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        await AssertProblemAsync(other, "idempotency_key_reused", (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
        Assert.Equal(first.Headers.Location, other.Headers.Location);
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("")]
    public async Task A_malformed_idempotency_key_is_a_400_problem_and_starts_nothing(string key)
    {
        var before = await CountAsync();
        using var response = await StartAsync(["wx5a4db0acc0000701"], "manual", key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response, "invalid_request", "Idempotency-Key");
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("GET", "/0190f5c2a1b27c3d8e9fa0b1c2d3e4f5")]
    [InlineData("GET", "/0190f5c2a1b27c3d8e9fa0b1c2d3e4f5/accounts")]
    [InlineData("POST", "/0190f5c2a1b27c3d8e9fa0b1c2d3e4f5/pause")]
    [InlineData("POST", "/not-a-campaign/rollback")]
    public async Task An_unknown_campaign_is_a_404_problem(string method, string path)
    {
        using var response = await host.Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), Releases + path), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string?> CommandAsync(string id, string command)
    {
        using var response = await host.Api.PostAsync($"{Releases}/{id}/{command}", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString();
    }

    private Task<HttpResponseMessage> StartAsync(string[] accounts, string release, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Releases) { Content = JsonContent.Create(Body(accounts, release)) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return host.Api.SendAsync(request, Ct);
    }

    private static object Body(string[] accounts, string release) => new
    {
        template_id = 12,
        user_version = "1.4.0",
        user_desc = "fleet",
        ext_json = new { extAppid = "{authorizer_appid}" },
        accounts,
        audit = new { version_desc = "new version" },
        release,
    };

    /// <summary>The contract's problem shape: problem+json whose <c>problem</c> is the code and <c>type</c> names it, a detail saying what is wrong.</summary>
    private static async Task AssertProblemAsync(HttpResponseMessage response, string code, string detailMentions)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(code, problem.GetProperty("problem").GetString());
        Assert.Equal($"https://wechat-component-platform/problems/{code}", problem.GetProperty("type").GetString());
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.Contains(detailMentions, problem.GetProperty("detail").GetString());
    }

    private async Task<int> CountAsync()
    {
        using var response = await host.Api.GetAsync(Releases, Ct);
        return int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
