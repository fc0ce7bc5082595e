using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>Rotating a platform's webhook secret: while two are configured, every delivery carries a signature by each.</summary>
public sealed class WebhookSecretRotationTests(RotatingWebhookGatewayHost host) : IClassFixture<RotatingWebhookGatewayHost>
{
    [Fact]
    public async Task Each_delivery_is_signed_with_both_secrets_so_receivers_on_either_verify_it()
    {
        await host.PushAsync(WebhookGatewayHost.Text("signed twice", msgId: 9101));
        var before = Assert.Single(await host.Business.WaitForTakenAsync(1, d => d.MessageField("msg_id") == "9101"));

        // The receiver moves to the next secret; deliveries keep verifying, by the Standard Webhooks algorithm.
        host.Business.VerifiedWith = BusinessService.NextSecret;
        await host.PushAsync(WebhookGatewayHost.Text("after the move", msgId: 9102));
        var after = Assert.Single(await host.Business.WaitForTakenAsync(1, d => d.MessageField("msg_id") == "9102"));

        Assert.True(before.SignatureValid);
        Assert.True(after.SignatureValid);
        Assert.Equal(2, before.SignatureHeader.Split(' ').Length);
        Assert.All(before.SignatureHeader.Split(' '), s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));
    }
}
