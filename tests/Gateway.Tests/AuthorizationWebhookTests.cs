using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using Grains;
using Sandbox;
using Sandbox.Pushing;
using Sandbox.State;
using WeChat;

namespace Gateway.Tests;

/// <summary>Changes of an account's authorization, as WeChat and the authorization page report them, delivered to the platform's webhook.</summary>
public sealed class AuthorizationWebhookTests(WebhookGatewayHost host) : IClassFixture<WebhookGatewayHost>, IDisposable
{
    private SandboxComponent Component => host.WeChat.Options.FindComponent(GatewayHost.ComponentAppId)!;

    [Fact]
    public async Task The_callback_page_and_WeChats_authorized_event_report_one_approval_and_the_webhook_gets_it_once_signed()
    {
        var account = ReleaseTest.Accounts[0].AppId;
        var before = DateTimeOffset.UtcNow;
        var code = host.Approval(account);

        // As a browser and WeChat do: the redirect to the callback page and the event arrive together.
        var page = host.Http.GetAsync($"/wechat/{GatewayHost.ComponentAppId}/authorize/callback?auth_code={Uri.EscapeDataString(code.Value)}&expires_in=600");
        var push = PushAsync(code, "authorized");
        await Task.WhenAll(page, push);
        using var shown = await page;
        var change = Assert.Single(await ChangesAsync(account, 1));

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.True((await push).Delivered);
        Assert.True(change.SignatureValid);
        Assert.Equal(["type", "id", "component_appid", "authorizer_appid", "event", "func_info", "occurred_at"], change.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("authorization", change.Field("type"));
        Assert.Equal(change.Id, change.Field("id"));
        Assert.StartsWith("auth_", change.Id, StringComparison.Ordinal);
        Assert.Equal(GatewayHost.ComponentAppId, change.Field("component_appid"));
        Assert.Equal(account, change.Field("authorizer_appid"));
        Assert.Equal("authorized", change.Field("event"));
        Assert.Equal(Component.PermissionSets, FuncInfo(change));
        Assert.InRange(change.Json.GetProperty("occurred_at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task WeChat_pushing_the_same_events_again_delivers_each_change_once()
    {
        var account = ReleaseTest.Accounts[1].AppId;
        var code = host.Approval(account);

        var authorized = await PushAsync(code, "authorized");
        var authorizedAgain = await PushAsync(code, "authorized");
        host.WeChat.Revoke(Component, account, pushEvent: false);
        var revoked = await host.WeChat.Pusher.PushUnauthorizedAsync(Component, account);
        var revokedAgain = await host.WeChat.Pusher.PushUnauthorizedAsync(Component, account);
        var changes = await ChangesAsync(account, 2);

        Assert.All([authorized, authorizedAgain, revoked, revokedAgain], outcome => Assert.True(outcome.Delivered));
        Assert.Equal(["authorized", "unauthorized"], changes.Select(c => c.Field("event")));
        Assert.Equal(2, changes.DistinctBy(c => c.Id).Count());
    }

    [Fact]
    public async Task Other_permission_sets_a_revocation_and_a_new_authorization_are_each_a_change_and_the_same_sets_again_are_none()
    {
        var account = ReleaseTest.Accounts[2].AppId;
        await host.AuthorizeAsync(account);

        var update = await PushAsync(host.Approval(account, permissionSets: [1, 2]), "updateauthorized");
        var sameAgain = await PushAsync(host.Approval(account, permissionSets: [2, 1]), "updateauthorized");
        host.WeChat.Revoke(Component, account, pushEvent: false);
        var revoked = await host.WeChat.Pusher.PushUnauthorizedAsync(Component, account);
        await host.AuthorizeAsync(account);
        var changes = await ChangesAsync(account, 4);

        Assert.All([update, sameAgain, revoked], outcome => Assert.True(outcome.Delivered));
        Assert.Equal(["authorized", "updateauthorized", "unauthorized", "authorized"], changes.Select(c => c.Field("event")));
        Assert.Equal([Component.PermissionSets, [1, 2], [1, 2], Component.PermissionSets], changes.Select(FuncInfo));
        Assert.Equal(4, changes.DistinctBy(c => c.Id).Count());
        Assert.All(changes, c => Assert.True(c.SignatureValid));
    }

    [Fact]
    public async Task A_refresh_token_WeChat_refuses_is_delivered_as_reauthorization_required()
    {
        var account = ReleaseTest.Accounts[3].AppId;
        await host.AuthorizeAsync(account);
        var token = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{GatewayHost.ComponentAppId}/authorizers/{account}/token");
        host.WeChat.Authorizations.InvalidateRefreshToken(GatewayHost.ComponentAppId, account);

        using var refresh = await host.Api.PostAsJsonAsync($"/api/components/{GatewayHost.ComponentAppId}/authorizers/{account}/token/refresh",
            new { rejected_token = token.GetProperty("access_token").GetString() });
        var changes = await ChangesAsync(account, 2);

        Assert.Equal(HttpStatusCode.Gone, refresh.StatusCode);
        Assert.Equal(["authorized", "reauthorization_required"], changes.Select(c => c.Field("event")));
        Assert.Equal(Component.PermissionSets, FuncInfo(changes[1]));
        Assert.True(changes[1].SignatureValid);
    }

    [Fact]
    public async Task A_change_made_while_the_webhook_is_down_is_stored_first_then_retried_under_one_id_and_delivered_once()
    {
        var account = ReleaseTest.Accounts[4].AppId;
        host.Business.Down = true;

        await host.AuthorizeAsync(account);
        var pending = await host.Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(GatewayHost.ComponentAppId, account)).GetPendingCountAsync();
        await Eventually.Until(() => host.Business.Attempts.Count(d => d.IsAuthorizationChangeOf(account)) >= 3);

        host.Business.Down = false;
        var change = Assert.Single(await ChangesAsync(account, 1));
        var attempts = host.Business.Attempts.Where(d => d.IsAuthorizationChangeOf(account)).ToList();

        Assert.Equal(1, pending);
        Assert.True(attempts.Count > 3, $"only {attempts.Count} attempts");
        Assert.All(attempts, a => Assert.Equal(change.Id, a.Id));
        Assert.Equal(Enumerable.Range(1, attempts.Count), attempts.Select(a => a.Attempt));
        Assert.Equal("authorized", change.Field("event"));
        Assert.True(change.SignatureValid);
    }

    public void Dispose() => host.Business.Down = false;

    private Task<PushOutcome> PushAsync(AuthorizationCode code, string infoType) =>
        host.WeChat.Pusher.PushAuthorizationAsync(Component, infoType, code, "preauthcode@@@webhook-tests");

    /// <summary>The account's authorization changes the webhook took, in order, once <paramref name="count"/> arrived and nothing more is pending.</summary>
    private async Task<IReadOnlyList<BusinessService.Delivery>> ChangesAsync(string account, int count)
    {
        await host.Business.WaitForTakenAsync(count, d => d.IsAuthorizationChangeOf(account));
        return await host.TakenWhenDrainedAsync(d => d.IsAuthorizationChangeOf(account), account);
    }

    private static IReadOnlyList<int> FuncInfo(BusinessService.Delivery change) =>
        [.. change.Json.GetProperty("func_info").EnumerateArray().Select(e => e.GetInt32())];
}
