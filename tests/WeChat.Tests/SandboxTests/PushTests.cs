using System.Net.Http.Json;
using System.Text.Json;
using WeChat.Tests.Support;
using WeChat.Xml;

namespace WeChat.Tests.SandboxTests;

/// <summary>What the sandbox pushes to a platform, and how it treats the platform's answers.</summary>
public class PushTests
{
    [Fact]
    public async Task Tickets_are_pushed_on_the_configured_interval()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.TicketPushInterval = TimeSpan.FromMinutes(10));

        // The push timer may be armed only after start-up: advance again until the push arrives.
        await Eventually.Until(() => { scenario.Time.Advance(TimeSpan.FromMinutes(10)); return scenario.Receiver.Received.Count > 0; });
        var ticket = await scenario.Receiver.NextAsync<VerifyTicketPush>();

        Assert.Equal(TestComponent.AppId, ticket.ComponentAppId);
        Assert.Equal(0, scenario.World.Tickets.Check(TestComponent.AppId, ticket.Ticket));
    }

    [Fact]
    public async Task A_push_the_platform_does_not_acknowledge_is_attempted_three_times()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        scenario.Receiver.EventStatusCode = 500;

        using var response = await scenario.Http.PostAsync($"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/ticket", null);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(outcome.GetProperty("delivered").GetBoolean());
        Assert.Equal(3, outcome.GetProperty("attempts").GetInt32());
        Assert.Equal(3, scenario.World.Journal.Pushes().Count(p => p.Outcome == "HTTP 500"));
    }

    [Fact]
    public async Task An_account_message_is_pushed_encrypted_and_the_passive_reply_is_verified_and_decrypted()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        AccountMessage? received = null;
        scenario.Receiver.Responder = m =>
        {
            received = m;
            return PassiveReply.TextTo(m, DateTimeOffset.UtcNow, m.Content + "_callback");
        };

        using var response = await scenario.Http.PostAsJsonAsync(
            $"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations/{TestComponent.OfficialAccount}/messages",
            new { open_id = "o-user-1", text = "TESTCOMPONENT_MSG_TYPE_TEXT" });
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(outcome.GetProperty("delivered").GetBoolean());
        Assert.Equal(TestComponent.OfficialAccountUserName, received!.ToUserName);
        Assert.Equal("o-user-1", received.FromUserName);
        Assert.NotNull(received.MsgId);
        var reply = AccountMessage.Parse(outcome.GetProperty("reply_xml").GetString()!);
        Assert.Equal("TESTCOMPONENT_MSG_TYPE_TEXT_callback", reply.Content);
        Assert.Equal("o-user-1", reply.ToUserName);
    }

    [Fact]
    public async Task A_passive_reply_whose_signature_is_in_upper_case_is_refused()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        scenario.Receiver.Responder = m => PassiveReply.TextTo(m, DateTimeOffset.UtcNow, "hi");
        scenario.Receiver.SealedReply = reply => System.Text.RegularExpressions.Regex.Replace(
            reply, "<MsgSignature><!\\[CDATA\\[([0-9a-f]+)\\]\\]>", m => $"<MsgSignature><![CDATA[{m.Groups[1].Value.ToUpperInvariant()}]]>");

        using var response = await scenario.Http.PostAsJsonAsync(
            $"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/authorizations/{TestComponent.OfficialAccount}/messages",
            new { open_id = "o-user-1", text = "hello" });
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(outcome.GetProperty("delivered").GetBoolean());
        Assert.Contains("MsgSignature", outcome.GetProperty("problem").GetString());
    }
}
