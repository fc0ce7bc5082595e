using Grains.Tests.Support;
using WeChat.Api;

namespace Grains.Tests;

public sealed class AccountTicketTests(TokenCluster cluster) : IClassFixture<TokenCluster>
{
    [Fact]
    public async Task A_ticket_asked_for_once_is_kept_fresh_by_the_reminder_one_WeChat_call_per_lifetime()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(20);
        await cluster.AuthorizeAsync(account);
        var calls = cluster.Calls(ComponentApis.GetTicket, account);

        var first = await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.JsApi);
        var again = await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.JsApi);
        Assert.Equal(first, again);
        Assert.Equal(calls + 1, cluster.Calls(ComponentApis.GetTicket, account));

        // Two ticket lifetimes with nobody asking: the reminder replaces each ticket before it expires, once.
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(2 * 120));
        Assert.Equal(calls + 3, cluster.Calls(ComponentApis.GetTicket, account));
        var later = await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.JsApi);
        Assert.NotEqual(first.Value, later.Value);
        Assert.True(later.ExpiresAt - cluster.Time.GetUtcNow() > TimeSpan.FromMinutes(15));
        Assert.Equal(calls + 3, cluster.Calls(ComponentApis.GetTicket, account));
    }

    [Fact]
    public async Task When_WeChat_rejects_the_access_token_it_is_refreshed_once_and_the_ticket_call_retried()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(21);
        await cluster.AuthorizeAsync(account);
        var token = await cluster.Authorizer(account).GetTokenAsync();
        await cluster.ControlAsync("tokens/invalidate", new { token = token.Value });
        var refreshes = cluster.Calls(ComponentApis.AuthorizerToken, account);

        var ticket = await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.JsApi);

        Assert.False(string.IsNullOrEmpty(ticket.Value));
        Assert.Equal(refreshes + 1, cluster.Calls(ComponentApis.AuthorizerToken, account));
        Assert.NotEqual(token.Value, (await cluster.Authorizer(account).GetTokenAsync()).Value);
    }

    [Fact]
    public async Task The_card_ticket_is_its_own_ticket_kept_fresh_beside_the_jsapi_ticket()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(26);
        await cluster.AuthorizeAsync(account);
        var calls = cluster.Calls(ComponentApis.GetTicket, account);

        var jsApi = await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.JsApi);
        var card = await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.Card);
        Assert.Equal(AccountTicketKind.Card, card.Kind);
        Assert.NotEqual(jsApi.Value, card.Value);
        Assert.Equal(card, await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.Card));
        Assert.Equal(calls + 2, cluster.Calls(ComponentApis.GetTicket, account));

        // One ticket lifetime: each is replaced once before it expires, and both are still valid afterwards.
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(120));
        Assert.Equal(calls + 4, cluster.Calls(ComponentApis.GetTicket, account));
        var laterCard = await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.Card);
        var laterJsApi = await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.JsApi);
        Assert.NotEqual(card.Value, laterCard.Value);
        Assert.NotEqual(jsApi.Value, laterJsApi.Value);
        Assert.Equal(calls + 4, cluster.Calls(ComponentApis.GetTicket, account));
    }

    [Fact]
    public async Task A_revoked_account_gets_no_ticket()
    {
        await cluster.StartComponentAsync();
        var account = Accounts.Account(22);
        await cluster.AuthorizeAsync(account);
        await cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.JsApi);

        await cluster.Authorizer(account).RevokeAsync(cluster.Time.GetUtcNow());

        var error = await Assert.ThrowsAsync<PlatformException>(() => cluster.Authorizer(account).GetTicketAsync(AccountTicketKind.JsApi));
        Assert.Equal(PlatformProblem.Unauthorized, error.Problem);
    }
}
