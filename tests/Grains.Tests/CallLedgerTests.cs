using System.Net.Http.Json;
using System.Text.Json;
using Grains.Quotas;
using Grains.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WeChat.Api;
using WeChat.Api.Quotas;
using WeChat.Options;

namespace Grains.Tests;

/// <summary>
/// The quota ledger across processes: each <see cref="CallLedger"/> here is one process's (a gateway's or a silo's),
/// calling the sandbox through the <see cref="QuotaLedgerHandler"/> every WeChat client carries, and sharing the
/// cluster's ledger grains and refusals, on the cluster's fake clock.
/// </summary>
public sealed class CallLedgerTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    private const string Ticket = "/" + ComponentApis.GetTicket;

    [Fact]
    public async Task A_45009_seen_by_one_process_is_refused_by_another_after_its_next_read_until_midnight_in_Beijing()
    {
        await cluster.StartComponentAsync();
        var (exhausted, other) = (await AccountAsync(2), await AccountAsync(3));
        await cluster.ControlAsync("quota/exhaust", new { appid = exhausted.AuthorizerAppId, api = ComponentApis.GetTicket });
        using var first = new Process(cluster);
        using var second = new Process(cluster);

        Assert.Equal(WeChatErrorCodes.DailyQuotaReached, await first.GetTicketAsync(exhausted));
        Assert.NotNull(first.Ledger.RefusedUntil(exhausted, Ticket));
        Assert.Null(second.Ledger.RefusedUntil(exhausted, Ticket));
        await first.Ledger.FlushAsync();
        await second.Ledger.FlushAsync();

        var sent = cluster.Calls(ComponentApis.GetTicket, exhausted.AuthorizerAppId);
        var refused = await Assert.ThrowsAsync<WeChatApiException>(() => second.GetTicketAsync(exhausted));
        var midnight = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(midnight, refused.RefusedUntil);
        Assert.Equal(sent, cluster.Calls(ComponentApis.GetTicket, exhausted.AuthorizerAppId));
        Assert.Equal(0, await second.GetTicketAsync(other));
        Assert.Equal(0, await second.GetApiQuotaAsync(exhausted, Ticket));

        var ledger = await cluster.Grains.GetGrain<IQuotaLedgerGrain>(exhausted.ToString()).GetAsync();
        Assert.Equal(1, ledger.Calls[Ticket]);
        Assert.Equal(Ticket, Assert.Single(ledger.Exhausted).Api);

        await cluster.AdvanceAsync(midnight - cluster.Time.GetUtcNow() + TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30));

        Assert.Null(second.Ledger.RefusedUntil(exhausted, Ticket));
        await second.GetTicketAsync(exhausted);
        Assert.Equal(sent + 1, cluster.Calls(ComponentApis.GetTicket, exhausted.AuthorizerAppId));
        Assert.Empty((await cluster.Grains.GetGrain<IQuotaLedgerGrain>(exhausted.ToString()).GetAsync()).Exhausted);
    }

    [Fact]
    public async Task Clearing_an_accounts_quotas_lifts_its_refusals_in_every_process_at_their_next_read()
    {
        await cluster.StartComponentAsync();
        var account = await AccountAsync(4);
        await cluster.ControlAsync("quota/exhaust", new { appid = account.AuthorizerAppId, api = ComponentApis.GetTicket });
        using var first = new Process(cluster);
        using var second = new Process(cluster);
        await first.GetTicketAsync(account);
        await first.Ledger.FlushAsync();
        await second.Ledger.FlushAsync();
        Assert.NotNull(second.Ledger.RefusedUntil(account, Ticket));

        var cleared = await cluster.Grains.GetGrain<IQuotaLedgerGrain>(account.ToString()).ClearedAsync();
        await second.Ledger.FlushAsync();

        Assert.NotNull(cleared.ClearedAt);
        Assert.Null(second.Ledger.RefusedUntil(account, Ticket));
    }

    [Fact]
    public async Task A_grains_own_WeChat_calls_for_its_account_are_counted_for_that_account()
    {
        await cluster.StartComponentAsync();
        var account = await AccountAsync(6);

        await cluster.Authorizer(account.AuthorizerAppId).GetTicketAsync(AccountTicketKind.JsApi);
        cluster.Time.Advance(new CallLedgerOptions().FlushInterval);

        await Eventually.Until(async () =>
            (await cluster.Grains.GetGrain<IQuotaLedgerGrain>(account.ToString()).GetAsync()).Calls.GetValueOrDefault(Ticket) == 1);
    }

    private async Task<WeChatAccount> AccountAsync(int n)
    {
        await cluster.AuthorizeAsync(Accounts.Account(n));
        return new WeChatAccount(Accounts.ComponentAppId, Accounts.Account(n));
    }

    /// <summary>One process's call ledger and its WeChat client, as the platform's hosts wire them.</summary>
    private sealed class Process : IDisposable
    {
        private readonly TokenCluster _cluster;
        private readonly HttpClient _http;

        public Process(TokenCluster cluster)
        {
            _cluster = cluster;
            Ledger = new CallLedger(cluster.Grains, cluster.Time, Options.Create(new CallLedgerOptions()), NullLogger<CallLedger>.Instance);
            var handler = new QuotaLedgerHandler(Options.Create(new WeChatOptions { ApiBaseUrl = cluster.Sandbox.BaseUrl }), Ledger) { InnerHandler = new SocketsHttpHandler() };
            _http = new HttpClient(handler) { BaseAddress = new Uri(cluster.Sandbox.BaseUrl.TrimEnd('/') + "/") };
        }

        public CallLedger Ledger { get; }

        public async Task<int> GetTicketAsync(WeChatAccount account)
        {
            var token = await TokenAsync(account);
            using (WeChatAccountScope.Enter(account))
            {
                return ErrorCode(await _http.GetFromJsonAsync<JsonElement>($"{ComponentApis.GetTicket}?type=jsapi&access_token={token}"));
            }
        }

        public async Task<int> GetApiQuotaAsync(WeChatAccount account, string api)
        {
            var token = await TokenAsync(account);
            using (WeChatAccountScope.Enter(account))
            {
                using var response = await _http.PostAsJsonAsync($"{ComponentApis.GetApiQuota}?access_token={token}", new { cgi_path = api });
                return ErrorCode(await response.Content.ReadFromJsonAsync<JsonElement>());
            }
        }

        public void Dispose()
        {
            _http.Dispose();
            Ledger.Dispose();
        }

        private async Task<string> TokenAsync(WeChatAccount account) => (await _cluster.Authorizer(account.AuthorizerAppId).GetTokenAsync()).Value;

        private static int ErrorCode(JsonElement answer) => answer.TryGetProperty("errcode", out var code) ? code.GetInt32() : 0;
    }
}
