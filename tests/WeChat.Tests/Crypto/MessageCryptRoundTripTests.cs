using WeChat.Crypto;
using WeChat.Xml;

namespace WeChat.Tests.Crypto;

public class MessageCryptRoundTripTests
{
    private const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("你好，世界 — emoji 🎉")]
    [InlineData("exactly thirty-two bytes long!!")]
    public void Push_round_trips_through_envelope_and_signatures(string content)
    {
        var crypt = new MessageCrypt("token", Key, "wxcomponent0000001");
        var plain = PassiveReply.Text("openid", "gh_account", DateTimeOffset.FromUnixTimeSeconds(1700000000), content);

        var push = crypt.EncryptPush(plain, "1700000000", "42", "ToUserName", "gh_account");

        Assert.Equal(plain, crypt.DecryptPush(push.Body, push.Timestamp, push.Nonce, push.MsgSignature));
        Assert.True(crypt.IsUrlSignatureValid(push.Timestamp, push.Nonce, push.Signature));
        Assert.Equal(content, AccountMessage.Parse(plain).Content);
    }

    [Fact]
    public void Every_length_up_to_three_blocks_round_trips()
    {
        var cipher = new MessageCipher(EncodingAesKey.Parse(Key), "wxcomponent0000001");
        for (var length = 0; length <= 96; length++)
        {
            var message = new string('x', length);
            Assert.Equal(message, cipher.Decrypt(cipher.Encrypt(message)));
        }
    }

    [Fact]
    public void Encryption_uses_a_fresh_random_prefix_each_time()
    {
        var cipher = new MessageCipher(EncodingAesKey.Parse(Key), "wxcomponent0000001");

        Assert.NotEqual(cipher.Encrypt("same"), cipher.Encrypt("same"));
    }

    [Fact]
    public void A_reply_signed_with_another_token_is_refused()
    {
        var ours = new MessageCrypt("token", Key, "wxcomponent0000001");
        var theirs = new MessageCrypt("other", Key, "wxcomponent0000001");

        var reply = theirs.EncryptReply("<xml/>", "1", "2");

        Assert.Equal(WeChatCryptoError.SignatureMismatch, Assert.Throws<WeChatCryptoException>(() => ours.DecryptReply(reply)).Error);
    }
}
