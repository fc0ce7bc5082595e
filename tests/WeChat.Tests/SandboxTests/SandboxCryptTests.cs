using Sandbox.Crypto;
using WeChat.Crypto;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>The sandbox's own message crypto: WeChat's vectors, agreement with the product's, and WeChat's strictness on replies.</summary>
public class SandboxCryptTests
{
    private readonly SandboxCrypt _sandbox = new(TestComponent.Token, TestComponent.EncodingAesKey, TestComponent.AppId);
    private readonly MessageCrypt _product = new(TestComponent.Token, TestComponent.EncodingAesKey, TestComponent.AppId);

    [Fact]
    public void Every_official_vector_holds()
    {
        Assert.Empty(CryptoSelfTest.Failures(OfficialVectors.All));
    }

    [Fact]
    public void A_vector_the_implementation_does_not_reproduce_is_reported()
    {
        var wrong = OfficialVectors.All[0] with { MsgSignature = "0000000000000000000000000000000000000000" };

        var failures = CryptoSelfTest.Failures([wrong]);

        Assert.Single(failures);
        Assert.Contains("msg_signature", failures[0]);
    }

    [Fact]
    public void A_push_sealed_by_the_sandbox_opens_with_the_product_crypto()
    {
        var push = PushEnvelope.Seal(_sandbox, "<xml><Content><![CDATA[你好]]></Content></xml>", "1715943329", "1590219412", "ToUserName", "gh_1");

        Assert.Equal("<xml><Content><![CDATA[你好]]></Content></xml>", _product.DecryptPush(push.Body, push.Timestamp, push.Nonce, push.MsgSignature));
    }

    [Fact]
    public void A_reply_sealed_by_the_product_opens_in_the_sandbox()
    {
        var reply = _product.EncryptReply("<xml><Content>ok</Content></xml>", "1713424427", "415670741");

        Assert.Equal("<xml><Content>ok</Content></xml>", PushEnvelope.OpenReply(_sandbox, reply));
    }

    [Fact]
    public void A_reply_signed_in_upper_case_hex_is_refused()
    {
        var reply = _product.EncryptReply("<xml/>", "1713424427", "415670741");
        var signature = System.Xml.Linq.XElement.Parse(reply).Element("MsgSignature")!.Value;

        var upper = reply.Replace(signature, signature.ToUpperInvariant(), StringComparison.Ordinal);

        Assert.Throws<SandboxCryptException>(() => PushEnvelope.OpenReply(_sandbox, upper));
    }

    [Fact]
    public void A_reply_encrypted_for_another_appid_is_refused()
    {
        var other = new MessageCrypt(TestComponent.Token, TestComponent.EncodingAesKey, TestComponent.OfficialAccount);

        var error = Assert.Throws<SandboxCryptException>(() => PushEnvelope.OpenReply(_sandbox, other.EncryptReply("<xml/>", "1", "2")));

        Assert.Contains("component appid", error.Message);
    }

    [Fact]
    public void A_reply_with_a_dtd_is_refused()
    {
        Assert.Throws<SandboxCryptException>(() =>
            PushEnvelope.OpenReply(_sandbox, "<!DOCTYPE x [<!ENTITY e \"e\">]><xml><Encrypt>&e;</Encrypt></xml>"));
    }

    [Fact]
    public void Padding_other_than_pkcs7_to_32_bytes_is_refused()
    {
        using var aes = System.Security.Cryptography.Aes.Create();
        var key = Convert.FromBase64String(TestComponent.EncodingAesKey + "=");
        aes.Key = key;
        var sixteenBytePadded = Convert.ToBase64String(aes.EncryptCbc(new byte[40], key.AsSpan(0, 16), System.Security.Cryptography.PaddingMode.PKCS7));

        Assert.Throws<SandboxCryptException>(() => _sandbox.Decrypt(sixteenBytePadded));
    }
}
