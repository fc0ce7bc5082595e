using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Support;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>
/// Every field a business service sends that would go on to WeChat is bounded: outside its bounds the request is a 400
/// problem naming the field, and WeChat (the sandbox's call record) hears nothing.
/// </summary>
public sealed class InputBoundsTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const string Official = GatewayHost.Account;
    private const string MiniProgram = GatewayHost.MiniProgram;
    private const string Shop = "https%3A%2F%2Fshop.example%2Fcb";
    private const string Accounts = $"/api/components/{GatewayHost.ComponentAppId}/authorizers";

    /// <summary>Method, path under <c>.../authorizers/</c>, JSON body, and the field the problem names.</summary>
    public static TheoryData<string, string, string?, string> OutOfBounds => new()
    {
        { "POST", $"{Official}/oauth/token", "{}", "code" },
        { "POST", $"{Official}/oauth/token", Json("code", ""), "code" },
        { "POST", $"{Official}/oauth/token", Json("code", new string('c', 257)), "code" },
        { "POST", $"{Official}/oauth/token", Json("code", "a code"), "code" },
        { "POST", $"{Official}/oauth/token", Json("code", "c\nd"), "code" },
        { "POST", $"{Official}/oauth/token", Json("code", "código"), "code" },
        { "POST", $"{Official}/oauth/refresh", "{}", "refresh_token" },
        { "POST", $"{Official}/oauth/refresh", Json("refresh_token", new string('r', 513)), "refresh_token" },
        { "POST", $"{Official}/oauth/refresh", Json("refresh_token", "r&access_token=x"), "refresh_token" },
        { "POST", $"{MiniProgram}/jscode2session", "{}", "js_code" },
        { "POST", $"{MiniProgram}/jscode2session", Json("js_code", new string('j', 257)), "js_code" },
        { "POST", $"{MiniProgram}/jscode2session", Json("js_code", "j#1"), "js_code" },
        { "POST", $"{Official}/jsapi-signature", "{}", "url" },
        { "POST", $"{Official}/jsapi-signature", Json("url", "/relative"), "url" },
        { "POST", $"{Official}/jsapi-signature", Json("url", "ftp://shop.example/"), "url" },
        { "POST", $"{Official}/jsapi-signature", Json("url", "https://shop.example/a b"), "url" },
        { "POST", $"{Official}/jsapi-signature", Json("url", "https://shop.example/" + new string('p', 2030)), "url" },
        { "POST", $"{Official}/token/refresh", "{}", "rejected_token" },
        { "POST", $"{Official}/token/refresh", Json("rejected_token", new string('t', 513)), "rejected_token" },
        { "POST", $"{Official}/token/refresh", Json("rejected_token", "t\tt"), "rejected_token" },
        { "GET", $"{Official}/oauth/authorize-url", null, "redirect_uri" },
        { "GET", $"{Official}/oauth/authorize-url?redirect_uri=javascript%3Aalert(1)", null, "redirect_uri" },
        { "GET", $"{Official}/oauth/authorize-url?redirect_uri={Shop}{new string('u', 2040)}", null, "redirect_uri" },
        { "GET", $"{Official}/oauth/authorize-url?redirect_uri={Shop}&scope=snsapi_all", null, "scope" },
        { "GET", $"{Official}/oauth/authorize-url?redirect_uri={Shop}&scope=snsapi_base,snsapi_base,snsapi_base", null, "scope" },
        { "GET", $"{Official}/oauth/authorize-url?redirect_uri={Shop}&state={new string('s', 129)}", null, "state" },
        { "GET", $"{Official}/oauth/authorize-url?redirect_uri={Shop}&state=a%20b", null, "state" },
        { "GET", $"{Official}/oauth/authorize-url?redirect_uri={Shop}&state=%E7%8A%B6", null, "state" },
    };

    /// <summary>Bodies that cannot be read as the route's request.</summary>
    public static TheoryData<string> Unreadable => ["", "null", "{bad", """{"code": 5}""", "[]"];

    [Theory]
    [MemberData(nameof(OutOfBounds))]
    public async Task A_field_out_of_its_bounds_is_a_400_problem_naming_it_before_any_WeChat_call(string method, string path, string? body, string field)
    {
        await AuthorizeBothAsync();
        var calls = host.WeChat.Calls.All().Count;

        using var response = await SendAsync(method, path, body);
        var problem = await ProblemAsync(response, "invalid_request");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(calls, host.WeChat.Calls.All().Count);
    }

    [Fact]
    public async Task A_100_KB_refresh_token_is_a_400_problem_and_WeChat_sees_no_call()
    {
        await AuthorizeBothAsync();
        var (calls, refreshes) = (host.WeChat.Calls.All().Count, host.WeChat.Calls.Count(ComponentApis.OAuthRefreshToken, errorCode: null));

        using var response = await host.Api.PostAsJsonAsync($"{Accounts}/{Official}/oauth/refresh", new { refresh_token = new string('r', 100 * 1024) });

        await ProblemAsync(response, "invalid_request");
        Assert.Equal(calls, host.WeChat.Calls.All().Count);
        Assert.Equal(refreshes, host.WeChat.Calls.Count(ComponentApis.OAuthRefreshToken, errorCode: null));
    }

    [Fact]
    public async Task Fields_at_their_bounds_go_on_to_WeChat()
    {
        await AuthorizeBothAsync();
        var refreshes = host.WeChat.Calls.Count(ComponentApis.OAuthRefreshToken, errorCode: null);

        using var refresh = await host.Api.PostAsJsonAsync($"{Accounts}/{Official}/oauth/refresh", new { refresh_token = new string('r', 512) });
        using var link = await host.Api.GetAsync($"{Accounts}/{Official}/oauth/authorize-url?redirect_uri={Shop}&scope=snsapi_base,snsapi_userinfo&state={new string('s', 128)}");

        await ProblemAsync(refresh, "code_rejected");
        Assert.Equal(refreshes + 1, host.WeChat.Calls.Count(ComponentApis.OAuthRefreshToken, errorCode: null));
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_body_that_cannot_be_read_is_a_400_problem(string body)
    {
        var calls = host.WeChat.Calls.All().Count;

        using var response = await SendAsync("POST", $"{Official}/oauth/token", body);

        await ProblemAsync(response, "invalid_request");
        Assert.Equal(calls, host.WeChat.Calls.All().Count);
    }

    [Theory]
    [InlineData("POST", "wx5A4DB0ACC0000001/oauth/token", """{"code": "c"}""")]
    [InlineData("POST", "wx5a4db0acc00000/jscode2session", """{"js_code": "c"}""")]
    [InlineData("GET", "wxnot-an-appid0000/token", null)]
    [InlineData("GET", "wx5a4db0acc000000z/wechat/cgi-bin/menu/get", null)]
    public async Task An_authorizer_appid_WeChat_could_not_have_issued_is_a_400_problem(string method, string path, string? body)
    {
        var calls = host.WeChat.Calls.All().Count;

        using var response = await SendAsync(method, path, body);

        await ProblemAsync(response, "invalid_appid");
        Assert.Equal(calls, host.WeChat.Calls.All().Count);
    }

    private static string Json(string field, string value) => JsonSerializer.Serialize(new Dictionary<string, string> { [field] = value });

    private async Task AuthorizeBothAsync()
    {
        await host.AuthorizeAsync(Official);
        await host.AuthorizeAsync(MiniProgram);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{Accounts}/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await host.Api.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, string problem)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(problem, body.GetProperty("problem").GetString());
        return body;
    }
}
