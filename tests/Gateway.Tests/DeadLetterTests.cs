using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>A platform whose webhook stays down past <c>Webhooks:GiveUpAfter</c> (one second here).</summary>
public sealed class DeadLetterTests(ImpatientWebhookGatewayHost host) : IClassFixture<ImpatientWebhookGatewayHost>
{
    private static readonly string DeadLetters = $"/api/components/{GatewayHost.ComponentAppId}/dead-letters";

    [Fact]
    public async Task Messages_never_taken_become_dead_letters_shown_to_operators_and_redelivered_on_request()
    {
        host.Business.Down = true;
        await host.PushAsync(WebhookGatewayHost.Text("never taken 1", msgId: 9001));
        await host.PushAsync(WebhookGatewayHost.Text("never taken 2", msgId: 9002));

        var letters = await host.WaitForDeadLettersAsync(2);
        var status = await StatusPageAsync();
        host.Business.Down = false;
        using var redeliver = await host.Api.PostAsync($"{DeadLetters}/redeliver", null);
        var requeued = await redeliver.Content.ReadFromJsonAsync<JsonElement>();
        var taken = await host.Business.WaitForTakenAsync(2, d => d.MessageField("content")?.StartsWith("never taken", StringComparison.Ordinal) == true);
        var after = await host.Api.GetFromJsonAsync<JsonElement>(DeadLetters);

        Assert.Equal(2, letters.GetProperty("total").GetInt32());
        var newest = letters.GetProperty("newest")[0];
        Assert.Equal(GatewayHost.Account, newest.GetProperty("authorizer_appid").GetString());
        Assert.Equal("text", newest.GetProperty("msg_type").GetString());
        Assert.Equal("HTTP 503", newest.GetProperty("last_problem").GetString());
        Assert.False(newest.TryGetProperty("xml", out _));
        Assert.Contains("class=\"dead-letter\"", status, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", status, StringComparison.Ordinal);
        Assert.DoesNotContain("never taken", status, StringComparison.Ordinal);
        Assert.Equal(2, requeued.GetProperty("requeued").GetInt32());
        Assert.Equal(2, taken.Count);
        Assert.Equal(["never taken 1", "never taken 2"], taken.Select(d => d.MessageField("content")).Order());
        Assert.Equal(0, after.GetProperty("total").GetInt32());
    }

    private async Task<string> StatusPageAsync()
    {
        using var login = await host.Http.PostAsync("/status/login", new FormUrlEncodedContent([new("key", GatewayHost.ApiKey)]));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.Add("Cookie", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var page = await host.Http.SendAsync(request);
        return await page.Content.ReadAsStringAsync();
    }
}
