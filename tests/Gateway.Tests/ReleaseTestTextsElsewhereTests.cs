using Gateway.Tests.Support;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>
/// The release test's texts and event, sent to an account that is not one of WeChat's release-test accounts, are what
/// a user wrote: delivered to the webhook like any message, with no test reply, no code exchanged, nothing started.
/// </summary>
public sealed class ReleaseTestTextsElsewhereTests(WebhookGatewayHost host) : IClassFixture<WebhookGatewayHost>
{
    [Theory]
    [InlineData("TESTCOMPONENT_MSG_TYPE_TEXT")]
    [InlineData("QUERY_AUTH_CODE:")]
    public async Task A_release_test_text_to_an_ordinary_account_is_an_ordinary_message(string text)
    {
        // A code the platform could exchange, so an exchange would show.
        var content = text.EndsWith(':') ? text + host.Approve(GatewayHost.Account) : text;
        var msgId = Random.Shared.NextInt64(1, long.MaxValue);
        var (exchanges, answers) = Counts();

        var outcome = await host.PushAsync(WebhookGatewayHost.Text(content, msgId));

        var delivery = Assert.Single(await host.Business.WaitForTakenAsync(1, d => d.MessageField("msg_id") == msgId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal((true, (string?)null), (outcome.Delivered, outcome.ReplyXml));
        Assert.Equal(content, delivery.MessageField("content"));
        Assert.Equal((exchanges, answers), Counts());
    }

    [Fact]
    public async Task An_event_to_an_ordinary_account_gets_no_echo_and_reaches_the_webhook()
    {
        var createTime = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 7;

        var outcome = await host.PushAsync(WebhookGatewayHost.Event("LOCATION", createTime));

        Assert.Single(await host.Business.WaitForTakenAsync(1, d => d.MessageField("event") == "LOCATION"));
        Assert.Equal((true, (string?)null), (outcome.Delivered, outcome.ReplyXml));
    }

    private (int Exchanges, int Answers) Counts() =>
        (host.WeChat.Calls.Count(ComponentApis.QueryAuth, errorCode: null), host.WeChat.Journal.CustomerServiceMessages().Count);
}
