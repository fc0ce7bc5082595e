using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>The contract's per-account quota ledger through the gateway: counts, the refusal after 45009, clearing, WeChat's numbers.</summary>
public sealed class QuotaLedgerTests(QuotaGatewayHost host) : IClassFixture<QuotaGatewayHost>
{
    private const string Books = "wx5a4db0acc0000002";
    private const string Coffee = GatewayHost.Account;
    private const string Orders = GatewayHost.MiniProgram;
    private const string Daily = "wx5a4db0acc0000004";
    private const string CustomSend = "/" + ComponentApis.CustomSend;

    private static string Account(string appId) => $"/api/components/{GatewayHost.ComponentAppId}/authorizers/{appId}";

    [Fact]
    public async Task Proxy_calls_and_typed_route_calls_of_an_account_add_up_in_its_ledger()
    {
        await host.AuthorizeAsync(Orders);
        host.WeChat.UserWrote(Orders, "oQuotaUser1");
        for (var i = 0; i < 3; i++)
        {
            using var sent = await SendAsync(Orders, "oQuotaUser1", $"counted {i}");
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            var login = await ControlAsync(Orders, "login-codes");
            using var session = await host.Api.PostAsJsonAsync($"{Account(Orders)}/jscode2session", new { js_code = login.GetProperty("js_code").GetString() });
            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        }

        var ledger = await Eventually.Until(() => QuotaAsync(Orders), q => Calls(q, CustomSend) == 3 && Calls(q, "/" + ComponentApis.JsCodeToSession) == 2);
        Assert.Empty(ledger.GetProperty("exhausted").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, ledger.GetProperty("wechat").ValueKind);
    }

    [Fact]
    public async Task After_WeChat_answers_45009_the_next_call_of_that_api_for_that_account_is_a_429_and_never_reaches_WeChat()
    {
        await host.AuthorizeAsync(Coffee);
        await host.AuthorizeAsync(Books);
        host.WeChat.UserWrote(Coffee, "oQuotaUser2");
        host.WeChat.UserWrote(Books, "oQuotaUser3");
        host.WeChat.Quotas.Exhaust(Coffee, ComponentApis.CustomSend);

        using (var first = await SendAsync(Coffee, "oQuotaUser2", "over quota"))
        {
            Assert.Equal(WeChatErrorCodes.DailyQuotaReached, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32());
        }

        var reachedWeChat = SentFor(Coffee);
        using var refused = await SendAsync(Coffee, "oQuotaUser2", "refused");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("quota_exhausted", problem.GetProperty("problem").GetString());
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Assert.Equal(reachedWeChat, SentFor(Coffee));

        // Another account's calls of the same API, and the same account's other APIs, go on.
        using (var other = await SendAsync(Books, "oQuotaUser3", "another account"))
        {
            Assert.Equal(0, (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32());
        }

        using (var ticket = await host.Api.GetAsync($"{Account(Coffee)}/jsapi-ticket"))
        {
            Assert.Equal(HttpStatusCode.OK, ticket.StatusCode);
        }

        var ledger = await Eventually.Until(() => QuotaAsync(Coffee), q => q.GetProperty("exhausted").GetArrayLength() == 1);
        var exhausted = ledger.GetProperty("exhausted")[0];
        Assert.Equal(CustomSend, exhausted.GetProperty("api").GetString());
        Assert.False(exhausted.GetProperty("cleared").GetBoolean());
        Assert.Equal(1, Calls(ledger, CustomSend));
    }

    [Fact]
    public async Task Clearing_the_quota_calls_WeChats_clear_quota_and_lifts_the_refusal()
    {
        await host.AuthorizeAsync(Daily);
        host.WeChat.UserWrote(Daily, "oQuotaUser4");
        host.WeChat.Quotas.Exhaust(Daily, ComponentApis.CustomSend);
        (await SendAsync(Daily, "oQuotaUser4", "over quota")).Dispose();
        using (var refused = await SendAsync(Daily, "oQuotaUser4", "refused"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        // The 45009 reaches the account's ledger with the gateway's next flush.
        await Eventually.Until(() => QuotaAsync(Daily), q => q.GetProperty("exhausted").GetArrayLength() == 1);
        using var cleared = await host.Api.PostAsync($"{Account(Daily)}/quota/clear", null);
        var ledger = await cleared.Content.ReadFromJsonAsync<JsonElement>();
        using var after = await SendAsync(Daily, "oQuotaUser4", "after clearing");

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Contains(host.WeChat.Calls.All(ComponentApis.ClearQuota), c => c.AuthorizerAppId == Daily && c.ErrorCode == 0);
        Assert.True(ledger.GetProperty("exhausted")[0].GetProperty("cleared").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(0, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32());
    }

    [Fact]
    public async Task Asked_with_an_api_the_ledger_also_answers_WeChats_own_numbers_for_it()
    {
        await host.AuthorizeAsync(Books);
        host.WeChat.UserWrote(Books, "oQuotaUser5");
        (await SendAsync(Books, "oQuotaUser5", "one call")).Dispose();
        var (limit, used) = host.WeChat.Quotas.Usage(Books, ComponentApis.CustomSend);

        var ledger = await QuotaAsync(Books, $"?api={CustomSend}");

        var wechat = ledger.GetProperty("wechat");
        Assert.Equal(CustomSend, wechat.GetProperty("api").GetString());
        Assert.Equal(limit, wechat.GetProperty("daily_limit").GetInt64());
        Assert.Equal(used, wechat.GetProperty("used").GetInt64());
        Assert.Equal(limit - used, wechat.GetProperty("remain").GetInt64());
        Assert.True(used >= 1);
    }

    [Theory]
    [InlineData(Coffee, "?api=/wxa/../cgi-bin/token", HttpStatusCode.BadRequest)]
    [InlineData(Coffee, "?api=", HttpStatusCode.BadRequest)]
    [InlineData("wx5a4db0acc9999999", "", HttpStatusCode.NotFound)]
    public async Task A_bad_api_or_an_unknown_account_is_a_problem(string account, string query, HttpStatusCode expected)
    {
        await host.AuthorizeAsync(Coffee);

        using var response = await host.Api.GetAsync($"{Account(account)}/quota{query}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Task<HttpResponseMessage> SendAsync(string account, string openId, string content) =>
        host.Api.PostAsJsonAsync($"{Account(account)}/wechat/cgi-bin/message/custom/send", new { touser = openId, msgtype = "text", text = new { content } });

    private int SentFor(string account) => host.WeChat.Calls.All(ComponentApis.CustomSend).Count(c => c.AuthorizerAppId == account);

    private async Task<JsonElement> QuotaAsync(string account, string query = "")
    {
        using var response = await host.Api.GetAsync($"{Account(account)}/quota{query}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static long Calls(JsonElement ledger, string api) =>
        ledger.GetProperty("calls").TryGetProperty(api, out var calls) ? calls.GetInt64() : 0;

    private async Task<JsonElement> ControlAsync(string account, string what)
    {
        using var response = await host.Http.PostAsJsonAsync($"/sandbox/api/components/{GatewayHost.ComponentAppId}/authorizations/{account}/{what}", new { });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
