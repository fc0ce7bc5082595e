using System.Text;
using Grains.Messages;

namespace Grains.Tests;

/// <summary>Deliveries are signed as Standard Webhooks specifies, so its libraries verify them.</summary>
public sealed class WebhookSignatureTests
{
    // The example of the Standard Webhooks specification (standard-webhooks/spec).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

    [Fact]
    public void The_specifications_example_signs_as_published() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(Secret, Id, Timestamp, Body));

    [Fact]
    public void Verification_accepts_any_of_several_signatures_and_nothing_altered()
    {
        var signature = WebhookSignature.Sign(Secret, Id, Timestamp, Body);

        Assert.True(WebhookSignature.Verify(Secret, Id, Timestamp, Body, "v1,bm90LWl0 " + signature));
        Assert.False(WebhookSignature.Verify(Secret, Id, Timestamp + 1, Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "msg_other", Timestamp, Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, Id, Timestamp, Encoding.UTF8.GetBytes("""{"test": 2432232315}"""), signature));
        Assert.False(WebhookSignature.Verify("whsec_c2Vjb25kLXNlY3JldA==", Id, Timestamp, Body, signature));
    }

    [Fact]
    public void A_secret_without_the_whsec_prefix_is_used_as_its_utf8_bytes() =>
        Assert.Equal(WebhookSignature.Sign("whsec_cGxhaW4tc2VjcmV0", Id, Timestamp, Body), WebhookSignature.Sign("plain-secret", Id, Timestamp, Body));
}
