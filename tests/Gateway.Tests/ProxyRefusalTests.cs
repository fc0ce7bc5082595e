using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>
/// The contract's rules for both proxies: only plain API paths, judged as the client sent them; never a credential API,
/// whatever the spelling; the query within bounds. Every refusal is a problem, and neither WeChat (the sandbox's call
/// record) nor the proxies' HTTP client saw anything.
/// </summary>
public sealed class ProxyRefusalTests(ProxyTrafficHost host) : IClassFixture<ProxyTrafficHost>
{
    private const string Component = GatewayHost.ComponentAppId;

    /// <summary>Both proxies; the account need not have authorized the platform, as nothing is sent.</summary>
    private static readonly string[] Proxies =
    [
        $"/api/components/{Component}/authorizers/{GatewayHost.Account}/wechat/",
        $"/api/components/{Component}/wechat/",
    ];

    /// <summary>The credential APIs of the contract and docs/wechat-protocol.md §3.17, and a few of the families' members.</summary>
    public static TheoryData<string> CredentialApis =>
    [
        "cgi-bin/component/api_component_token",
        "cgi-bin/component/api_create_preauthcode",
        "cgi-bin/component/api_query_auth",
        "cgi-bin/component/api_authorizer_token",
        "cgi-bin/component/api_get_authorizer_info",
        "cgi-bin/component/api_get_authorizer_list",
        "cgi-bin/component/api_start_push_ticket",
        "cgi-bin/token",
        "cgi-bin/stable_token",
        "cgi-bin/ticket/getticket",
        "cgi-bin/account/fastregister",
        "sns/oauth2/component/access_token",
        "sns/oauth2/component/refresh_token",
        "sns/oauth2/access_token",
        "sns/component/jscode2session",
        "sns/jscode2session",
    ];

    /// <summary>APIs whose answers carry no credential, left to the proxies on purpose (docs/wechat-protocol.md §3.17).</summary>
    public static TheoryData<string> NotCredentials =>
    [
        "cgi-bin/component/fastregisterweapp",
        "wxa/component/fastregisterpersonalweapp",
        "wxa/component/fastregisterbetaweapp",
        "cgi-bin/qrcode/create",
        "cgi-bin/component/api_get_authorizer_option",
        "cgi-bin/component/clear_quota/v2",
        "cgi-bin/tokens",
        "sns/userinfo",
    ];

    /// <summary>Paths that are not plain and name no credential API.</summary>
    public static TheoryData<string> NotPlain =>
    [
        "wxa/gettemplatelist%3Faccess_token%3Dbad%26x%3D",
        "wxa//gettemplatelist",
        "/wxa/gettemplatelist",
        "wxa/./gettemplatelist",
        "wxa/x/../gettemplatelist",
        "wxa/%2E/gettemplatelist",
        "wxa%2Fgettemplatelist",
        "wxa/get%74emplatelist",
        "wxa/gettemplatelist/",
        "wxa/gettemplatelist%23x",
        "wxa/gettemplatelist;x=1",
        "wxa%5Cgettemplatelist",
        "wxa:gettemplatelist",
        "wxa/.../gettemplatelist",
        "wxa/gettemplatelist%20",
        "wxa/" + new string('a', 300),
    ];

    [Theory]
    [MemberData(nameof(CredentialApis))]
    public async Task A_credential_API_is_refused_with_403_in_every_spelling_by_both_proxies_and_nothing_reaches_WeChat(string api)
    {
        var (calls, sent) = (host.WeChat.Calls.All().Count, host.Sent.Count);

        foreach (var target in Proxies.SelectMany(proxy => Spellings(api).Select(spelling => proxy + spelling)))
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var response = await host.SendRawAsync(method, target);

                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {target}: {(int)response.StatusCode}");
                Assert.Equal("credential_api", await ProblemAsync(response));
            }
        }

        Assert.Equal(calls, host.WeChat.Calls.All().Count);
        Assert.Equal(sent, host.Sent.Count);
    }

    [Theory]
    [MemberData(nameof(NotCredentials))]
    public async Task An_API_whose_answer_carries_no_credential_is_sent_once_as_it_came(string api)
    {
        var sent = host.Sent.Count;

        using var response = await host.SendRawAsync(HttpMethod.Post, $"{Proxies[1]}{api}?action=search");

        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal([$"POST /{api}"], host.Sent.Skip(sent));
    }

    [Theory]
    [MemberData(nameof(NotPlain))]
    public async Task A_path_that_is_not_plain_as_sent_is_a_400_problem_and_nothing_is_sent(string path)
    {
        var (calls, sent) = (host.WeChat.Calls.All().Count, host.Sent.Count);

        foreach (var proxy in Proxies)
        {
            using var response = await host.SendRawAsync(HttpMethod.Get, proxy + path);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{proxy}{path}: {(int)response.StatusCode}");
            Assert.Equal("invalid_api_path", await ProblemAsync(response));
        }

        Assert.Equal(calls, host.WeChat.Calls.All().Count);
        Assert.Equal(sent, host.Sent.Count);
    }

    [Theory]
    [InlineData(33, 1, 1)]
    [InlineData(1, 65, 1)]
    [InlineData(1, 1, 2049)]
    [InlineData(3, 1, 1500)]
    public async Task A_query_beyond_its_bounds_is_a_400_problem_and_nothing_is_sent(int parameters, int nameLength, int valueLength)
    {
        var (calls, sent) = (host.WeChat.Calls.All().Count, host.Sent.Count);
        var query = string.Join('&', Enumerable.Range(0, parameters).Select(i => $"{i}{new string('n', nameLength - 1)}={new string('v', valueLength)}"));

        using var response = await host.SendRawAsync(HttpMethod.Get, $"{Proxies[1]}wxa/gettemplatelist?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_query", await ProblemAsync(response));
        Assert.Equal(calls, host.WeChat.Calls.All().Count);
        Assert.Equal(sent, host.Sent.Count);
    }

    [Fact]
    public async Task A_query_parameter_named_with_other_characters_is_a_400_problem()
    {
        using var response = await host.SendRawAsync(HttpMethod.Get, $"{Proxies[1]}wxa/gettemplatelist?a%5Bb%5D=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_query", await ProblemAsync(response));
    }

    [Fact]
    public async Task A_plain_call_within_bounds_is_sent_once_as_it_came_with_its_query()
    {
        var sent = host.Sent.Count;

        using var response = await host.SendRawAsync(HttpMethod.Get, $"{Proxies[1]}wxa/gettemplatelist?template_type=1&access_token=forged");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, answer.GetProperty("errcode").GetInt32());
        Assert.Equal([1], answer.GetProperty("template_list").EnumerateArray().Select(t => t.GetProperty("template_type").GetInt32()));
        Assert.Equal(["GET /wxa/gettemplatelist"], host.Sent.Skip(sent));
        Assert.Equal(0, host.WeChat.Calls.All(ComponentApis.TemplateList).Last().ErrorCode);
    }

    /// <summary>The ways one API can be written that WeChat, or a server in front of it, might read as that API.</summary>
    private static IEnumerable<string> Spellings(string api)
    {
        var first = api.IndexOf('/', StringComparison.Ordinal);
        var (head, rest) = (api[..first], api[(first + 1)..]);
        return
        [
            api,
            api.ToUpperInvariant(),
            string.Join('/', api.Split('/').Select(s => char.ToUpperInvariant(s[0]) + s[1..])),
            $"{head}//{rest}",
            $"/{api}",
            $"{head}/./{rest}",
            $"{head}/x/../{rest}",
            $"{head}/%2E/{rest}",
            $"{head}/x/%2E%2E/{rest}",
            $"{head}/x/%2e%2e/{rest}",
            api.Replace("/", "%2F", StringComparison.Ordinal),
            api.Replace("/", "%2f", StringComparison.Ordinal),
            api.Replace("/", "%252F", StringComparison.Ordinal),
            api.Replace("/", "%5C", StringComparison.Ordinal),
            $"{api[..^1]}%{(int)api[^1]:X2}",
            $"{api}%3Fx%3D1",
            $"{api}%23x",
            $"{api};x=1",
            $"{api}/",
            $"{api}.",
            $"{api}%20",
            $"{api}/more",
            $"x/{api}",
        ];
    }

    private static async Task<string?> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problem").GetString();
    }
}
