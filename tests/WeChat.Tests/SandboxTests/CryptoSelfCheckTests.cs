using Sandbox.Crypto;
using WeChat.Crypto;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>The sandbox's own framing, apart from src/WeChat's: it passes the official vectors and agrees with the product both ways.</summary>
public class CryptoSelfCheckTests
{
    [Fact]
    public void The_sandbox_cipher_reproduces_every_official_vector_it_checks_at_start() =>
        Assert.Empty(CryptoSelfCheck.Failures());

    [Fact]
    public void A_push_sealed_by_the_sandbox_opens_in_the_product_and_a_reply_sealed_by_the_product_opens_in_the_sandbox()
    {
        var envelope = new SandboxEnvelope(TestComponent.Token, TestComponent.EncodingAesKey, TestComponent.AppId);
        var product = new MessageCrypt(TestComponent.Token, TestComponent.EncodingAesKey, TestComponent.AppId);
        var push = envelope.Seal("<xml><Content>中文 push</Content></xml>", "1715943329", "1590219412", "ToUserName", "gh_x");

        var opened = product.DecryptPush(push.Body, push.Timestamp, push.Nonce, push.MsgSignature);
        var reply = envelope.Open(product.EncryptReply("<xml><Content>中文 reply</Content></xml>", "1715943329", "1590219412"));

        Assert.Equal("<xml><Content>中文 push</Content></xml>", opened);
        Assert.Equal("<xml><Content>中文 reply</Content></xml>", reply);
    }

    [Fact]
    public void A_reply_encrypted_for_another_appid_is_refused()
    {
        var envelope = new SandboxEnvelope(TestComponent.Token, TestComponent.EncodingAesKey, TestComponent.AppId);
        var other = new MessageCrypt(TestComponent.Token, TestComponent.EncodingAesKey, "wx0000000000000000");

        Assert.Throws<InvalidDataException>(() => envelope.Open(other.EncryptReply("<xml/>", "1", "2")));
    }
}
