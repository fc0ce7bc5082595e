using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using WeChat;

namespace Gateway.Tests;

/// <summary>A platform whose webhook stays down past <c>Webhooks:GiveUpAfter</c> (one second here) while an account authorizes.</summary>
public sealed class AuthorizationDeadLetterTests(ImpatientWebhookGatewayHost host) : IClassFixture<ImpatientWebhookGatewayHost>
{
    private static readonly string DeadLetters = $"/api/components/{GatewayHost.ComponentAppId}/dead-letters";

    [Fact]
    public async Task A_change_never_taken_becomes_a_dead_letter_and_is_redelivered_under_its_id_on_request()
    {
        var account = ReleaseTest.Accounts[5].AppId;
        host.Business.Down = true;
        await host.AuthorizeAsync(account);

        var letters = await host.WaitForDeadLettersAsync(1);
        host.Business.Down = false;
        using var redeliver = await host.Api.PostAsync($"{DeadLetters}/redeliver", null);
        var requeued = await redeliver.Content.ReadFromJsonAsync<JsonElement>();
        var taken = await host.Business.WaitForTakenAsync(1, d => d.IsAuthorizationChangeOf(account));
        var after = await host.Api.GetFromJsonAsync<JsonElement>(DeadLetters);

        var letter = letters.GetProperty("newest")[0];
        Assert.Equal(1, letters.GetProperty("total").GetInt32());
        Assert.Equal(account, letter.GetProperty("authorizer_appid").GetString());
        Assert.Equal("authorization", letter.GetProperty("msg_type").GetString());
        Assert.Equal("authorized", letter.GetProperty("event").GetString());
        Assert.Equal("HTTP 503", letter.GetProperty("last_problem").GetString());
        Assert.Equal(1, requeued.GetProperty("requeued").GetInt32());
        var change = Assert.Single(taken);
        Assert.Equal(letter.GetProperty("id").GetString(), change.Id);
        Assert.Equal("authorized", change.Field("event"));
        Assert.True(change.SignatureValid);
        Assert.Equal(0, after.GetProperty("total").GetInt32());
    }
}
