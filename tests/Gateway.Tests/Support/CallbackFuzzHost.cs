using System.Net.Http.Json;
using Grains;
using Microsoft.Extensions.Logging.Testing;
using Sandbox;

namespace Gateway.Tests.Support;

/// <summary>
/// The development gateway with its webhook at a <see cref="BusinessService"/>, the demo account authorized, and
/// every log line from Information up collected, so hostile pushes can be checked for what they changed and logged.
/// </summary>
public sealed class CallbackFuzzHost : WebhookGatewayHost
{
    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    public PushForge Forge { get; } = new(DemoPlatform.Token, DemoPlatform.EncodingAesKey, ComponentAppId);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AuthorizeAsync(Account);
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        // Lower than the other hosts' Warning, so a secret in any line the gateway writes about a push is seen.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Warning",
        });
        builder.Logging.AddFakeLogging();
    }

    /// <summary>Everything of the platform's and the account's that must never reach a log.</summary>
    public async Task<IReadOnlyList<string>> SecretsAsync()
    {
        var componentToken = await Api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/components/{ComponentAppId}/token");
        return
        [
            DemoPlatform.Token,
            DemoPlatform.EncodingAesKey,
            DemoPlatform.AppSecret,
            componentToken.GetProperty("access_token").GetString()!,
            (await Grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(ComponentAppId, Account)).GetTokenAsync()).Value,
            WeChat.Authorizations.Find(ComponentAppId, Account)!.RefreshToken,
        ];
    }

    /// <summary>
    /// The state once the valid push (and the authorization before it) has been delivered to the webhook, so what the
    /// hostile pushes are compared with does not move on its own.
    /// </summary>
    public async Task<PlatformState> SettledStateAsync()
    {
        PlatformState? previous = null;
        return await Eventually.Until(StateAsync, state =>
        {
            var settled = state.PendingMessages == 0 && state == previous && Business.Taken.Any(d => d.IsAuthorizationChangeOf(Account));
            previous = state;
            return settled;
        }, what: "the authorization reached the webhook, the outbox is drained and the state holds still between two reads");
    }

    /// <summary>What a push could change: the platform's ticket and token, the account, its outbox, the webhook, WeChat.</summary>
    public async Task<PlatformState> StateAsync()
    {
        var component = await Grains.GetGrain<IComponentGrain>(ComponentAppId).GetStatusAsync();
        var account = await Grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(ComponentAppId, Account)).GetSummaryAsync();
        var pending = await Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(ComponentAppId, Account)).GetPendingCountAsync();
        return new PlatformState(
            component.TicketReceivedAt, component.TokenExpiresAt, component.LastProblem,
            account.Status, account.TokenExpiresAt, pending, Business.Attempts.Count, WeChat.Calls.All().Count);
    }
}
