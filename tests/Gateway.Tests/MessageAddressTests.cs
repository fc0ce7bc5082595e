using System.Net;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>
/// The message URL is not signed, the message is: its decrypted <c>ToUserName</c> must be the original id of the
/// account the URL names, once the platform knows it, or the push is refused and reaches no webhook.
/// </summary>
public sealed class MessageAddressTests(WebhookGatewayHost host) : IClassFixture<WebhookGatewayHost>
{
    private const string OtherAccount = "wx5a4db0acc0000002";

    [Fact]
    public async Task A_signed_push_for_one_account_reposted_to_anothers_url_is_refused_and_reaches_no_webhook()
    {
        await host.AuthorizeAsync(GatewayHost.Account);
        await host.AuthorizeAsync(OtherAccount);
        var push = host.SealMessage(WebhookGatewayHost.Text("meant for Sandbox Coffee", msgId: 8001), WebhookGatewayHost.AccountUserName);

        using var reposted = await host.PostMessageAsync(OtherAccount, push);
        using var genuine = await host.PostMessageAsync(GatewayHost.Account, push);

        var taken = await host.Business.WaitForTakenAsync(1, d => d.MessageField("msg_id") == "8001");
        Assert.Equal(HttpStatusCode.Forbidden, reposted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(GatewayHost.Account, Assert.Single(taken).Field("authorizer_appid"));
        Assert.DoesNotContain(host.Business.Attempts, d => d.Field("type") == "message" && d.Field("authorizer_appid") == OtherAccount);
    }

    [Fact]
    public async Task A_message_url_naming_no_appid_is_refused()
    {
        var push = host.SealMessage(WebhookGatewayHost.Text("nowhere", msgId: 8002), WebhookGatewayHost.AccountUserName);

        using var response = await host.PostMessageAsync("not-an-appid", push);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(host.Business.Attempts, d => d.MessageField("msg_id") == "8002");
    }
}
