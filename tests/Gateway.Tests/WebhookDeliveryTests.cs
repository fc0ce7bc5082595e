using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;
using WeChat.Xml;

namespace Gateway.Tests;

/// <summary>Account messages pushed by the sandbox as WeChat pushes them, delivered to a business service's webhook.</summary>
public sealed class WebhookDeliveryTests(WebhookGatewayHost host) : IClassFixture<WebhookGatewayHost>, IDisposable
{
    private const string Reply = """{"reply": {"msg_type": "text", "content": "欢迎光临"}}""";

    [Fact]
    public async Task A_message_reaches_the_webhook_signed_with_every_field_and_WeChat_hears_success()
    {
        var outcome = await host.PushAsync(WebhookGatewayHost.Text("hello webhook", msgId: 7001));

        var delivery = Assert.Single(await host.Business.WaitForTakenAsync(1, d => d.MessageField("msg_id") == "7001"));
        Assert.True(outcome.Delivered);
        Assert.Null(outcome.ReplyXml);
        Assert.True(delivery.SignatureValid);
        Assert.Equal(1, delivery.Attempt);
        Assert.Equal(delivery.Id, delivery.Field("id"));
        Assert.Equal("message", delivery.Field("type"));
        Assert.Equal(GatewayHost.ComponentAppId, delivery.Field("component_appid"));
        Assert.Equal(GatewayHost.Account, delivery.Field("authorizer_appid"));
        Assert.Equal("text", delivery.MessageField("msg_type"));
        Assert.Equal("hello webhook", delivery.MessageField("content"));
        Assert.Equal(WebhookGatewayHost.Tester, delivery.MessageField("from_user_name"));
        Assert.Equal("hello webhook", AccountMessage.Parse(delivery.Field("xml")).Content);
    }

    [Fact]
    public async Task The_webhooks_reply_goes_back_to_WeChat_as_an_encrypted_passive_reply()
    {
        host.Business.ReplyJson = Reply;

        var outcome = await host.PushAsync(WebhookGatewayHost.Text("菜单"));

        var reply = AccountMessage.Parse(outcome.ReplyXml!);
        Assert.Equal("text", reply.MsgType);
        Assert.Equal("欢迎光临", reply.Content);
        Assert.Equal(WebhookGatewayHost.Tester, reply.ToUserName);
        Assert.Equal(WebhookGatewayHost.AccountUserName, reply.FromUserName);
    }

    [Fact]
    public async Task WeChat_pushing_the_same_message_again_delivers_it_once_and_repeats_the_reply()
    {
        host.Business.ReplyJson = Reply;
        var message = WebhookGatewayHost.Text("twice", msgId: 7002);

        var first = await host.PushAsync(message);
        var again = await host.PushAsync(message);

        Assert.Single(await host.TakenWhenDrainedAsync(d => d.MessageField("msg_id") == "7002"));
        Assert.Equal("欢迎光临", AccountMessage.Parse(first.ReplyXml!).Content);
        Assert.Equal("欢迎光临", AccountMessage.Parse(again.ReplyXml!).Content);
    }

    [Fact]
    public async Task A_message_posted_again_exactly_as_it_was_is_answered_as_the_first_and_delivered_once()
    {
        host.Business.ReplyJson = Reply;
        var push = host.SealMessage(WebhookGatewayHost.Text("posted twice", msgId: 7003), WebhookGatewayHost.AccountUserName);

        using var first = await host.PostMessageAsync(GatewayHost.Account, push);
        using var again = await host.PostMessageAsync(GatewayHost.Account, push);

        Assert.Single(await host.TakenWhenDrainedAsync(d => d.MessageField("msg_id") == "7003"));
        Assert.Equal("欢迎光临", AccountMessage.Parse(host.Crypt.DecryptReply(await first.Content.ReadAsStringAsync())).Content);
        Assert.Equal("欢迎光临", AccountMessage.Parse(host.Crypt.DecryptReply(await again.Content.ReadAsStringAsync())).Content);
    }

    [Fact]
    public async Task Events_are_deduplicated_by_sender_and_time()
    {
        var createTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3;

        await host.PushAsync(WebhookGatewayHost.Event("CLICK", createTime));
        await host.PushAsync(WebhookGatewayHost.Event("CLICK", createTime));
        await host.PushAsync(WebhookGatewayHost.Event("CLICK", createTime + 1));

        var clicks = await host.TakenWhenDrainedAsync(d => d.MessageField("event") == "CLICK");
        Assert.Equal(2, clicks.Count);
        Assert.Equal("menu-1", clicks[0].Json.GetProperty("message").GetProperty("fields").GetProperty("EventKey").GetString());
    }

    [Fact]
    public async Task Messages_pushed_while_the_business_service_is_down_are_delivered_once_when_it_is_back()
    {
        host.Business.Down = true;
        var outcomes = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add((await host.PushAsync(WebhookGatewayHost.Text($"while down {i}", msgId: 7100 + i))).Delivered);
        }

        var attemptsWhileDown = await Eventually.Until(
            () => host.Business.Attempts.Count(a => a.MessageField("content")?.StartsWith("while down", StringComparison.Ordinal) == true), attempts => attempts > 5);
        host.Business.Down = false;

        var taken = await host.Business.WaitForTakenAsync(5, d => d.MessageField("content")?.StartsWith("while down", StringComparison.Ordinal) == true);
        var takenLater = await host.TakenWhenDrainedAsync(d => d.MessageField("content")?.StartsWith("while down", StringComparison.Ordinal) == true);

        Assert.All(outcomes, Assert.True);
        Assert.True(attemptsWhileDown > 5, $"only {attemptsWhileDown} attempts while down: no retries");
        Assert.Equal(5, taken.Count);
        Assert.Equal(5, takenLater.DistinctBy(d => d.Id).Count());
        Assert.Equal(5, takenLater.Count);
        Assert.All(takenLater, d => Assert.True(d.Attempt > 1 && d.SignatureValid));
    }

    [Fact]
    public async Task A_reply_to_a_stored_message_arrives_too_late_and_is_not_sent()
    {
        host.Business.Down = true;
        var outcome = await host.PushAsync(WebhookGatewayHost.Text("late", msgId: 7200));
        host.Business.ReplyJson = Reply;
        host.Business.Down = false;

        Assert.Single(await host.Business.WaitForTakenAsync(1, d => d.MessageField("msg_id") == "7200"));
        Assert.True(outcome.Delivered);
        Assert.Null(outcome.ReplyXml);
    }

    [Fact]
    public async Task Dead_letters_of_a_healthy_platform_are_empty_and_need_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        using var unauthorized = await anonymous.GetAsync($"/api/components/{GatewayHost.ComponentAppId}/dead-letters");
        var letters = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{GatewayHost.ComponentAppId}/dead-letters");

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(0, letters.GetProperty("total").GetInt32());
    }

    public void Dispose()
    {
        host.Business.Down = false;
        host.Business.ReplyJson = null;
    }
}
