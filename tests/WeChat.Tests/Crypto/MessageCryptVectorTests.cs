using System.Text;
using WeChat.Crypto;
using WeChat.Xml;
using static WeChat.Tests.Crypto.OfficialVectors;

namespace WeChat.Tests.Crypto;

public class MessageCryptVectorTests
{
    [Fact]
    public void Vector_E_official_third_party_push_verifies_and_decrypts()
    {
        var crypt = new MessageCrypt(E.Token, E.Key, E.ComponentAppId);

        var plain = crypt.DecryptPush(E.Body, E.Timestamp, E.Nonce, E.MsgSignature);

        Assert.Equal(E.Decrypted, plain);
        Assert.True(crypt.IsUrlSignatureValid(E.Timestamp, E.Nonce, E.Signature));
        var message = AccountMessage.Parse(plain);
        Assert.Equal("debug_demo", message.Event);
        Assert.Equal("hello world", message.Fields["debug_str"]);
    }

    [Fact]
    public void Vector_E_official_reply_is_reproduced_byte_for_byte()
    {
        var crypt = new MessageCrypt(E.Token, E.Key, E.ComponentAppId);

        var reply = crypt.EncryptReply(E.ReplyPlain, E.ReplyTimestamp, E.ReplyNonce, Encoding.ASCII.GetBytes(E.ReplyRandom));

        var envelope = SafeXml.Parse(reply);
        Assert.Equal(E.ReplyEncrypt, envelope.Value("Encrypt"));
        Assert.Equal(E.ReplyMsgSignature, envelope.Value("MsgSignature"));
        Assert.Equal(E.ReplyTimestamp, envelope.Value("TimeStamp"));
        Assert.Equal(E.ReplyNonce, envelope.Value("Nonce"));
        Assert.Equal(E.ReplyPlain, crypt.DecryptReply(reply));
    }

    [Fact]
    public void Vector_E_push_is_decrypted_with_a_pad_larger_than_an_AES_block()
    {
        var cipher = new MessageCipher(EncodingAesKey.Parse(E.Key), E.ComponentAppId);

        var (message, appId) = cipher.DecryptWithAppId(E.Encrypt);

        Assert.Equal(292, Encoding.UTF8.GetByteCount(message));
        Assert.Equal(E.ComponentAppId, appId);
    }

    [Fact]
    public void Vector_D_json_push_and_reply()
    {
        var cipher = new MessageCipher(EncodingAesKey.Parse(D.Key), D.AppId);

        Assert.Equal(D.Decrypted, cipher.Decrypt(D.Encrypt));
        Assert.Equal(D.MsgSignature, MessageSignature.ForMessage(D.Token, D.Timestamp, D.Nonce, D.Encrypt));
        Assert.Equal(D.Signature, MessageSignature.ForUrl(D.Token, D.Timestamp, D.Nonce));
        Assert.Equal(D.ReplyEncrypt, cipher.Encrypt(D.ReplyPlain, Encoding.ASCII.GetBytes(D.ReplyRandom)));
        Assert.Equal(D.ReplyMsgSignature, MessageSignature.ForMessage(D.Token, D.ReplyTimestamp, D.Nonce, D.ReplyEncrypt));
    }

    [Fact]
    public void Vector_A_chinese_message_encrypts_deterministically()
    {
        var cipher = new MessageCipher(EncodingAesKey.Parse(A.Key), A.AppId);

        Assert.Equal(A.Encrypt, cipher.Encrypt(A.Message, Encoding.ASCII.GetBytes(A.Random)));
        Assert.Equal(A.Message, cipher.Decrypt(A.Encrypt));
        Assert.Equal(A.MsgSignature, MessageSignature.ForMessage(A.Token, A.Timestamp, A.Nonce, A.Encrypt));
    }

    [Fact]
    public void Vector_B_official_python_sample_decrypts()
    {
        var crypt = new MessageCrypt(B.Token, B.Key, B.AppId);
        var body = $"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{B.Encrypt}]]></Encrypt></xml>";

        Assert.Equal(B.Decrypted, crypt.DecryptPush(body, B.Timestamp, B.Nonce, B.MsgSignature));
        Assert.True(crypt.IsUrlSignatureValid(B.Timestamp, B.Nonce, B.Signature));
    }

    [Fact]
    public void Vector_C_wechatpy_message_decrypts()
    {
        var crypt = new MessageCrypt(C.Token, C.Key, C.ReceiveId);
        var body = $"<xml><ToUserName><![CDATA[x]]></ToUserName><Encrypt><![CDATA[{C.Encrypt}]]></Encrypt></xml>";

        var message = AccountMessage.Parse(crypt.DecryptPush(body, C.Timestamp, C.Nonce, C.MsgSignature));

        Assert.Equal("test", message.Content);
        Assert.Equal("messense", message.FromUserName);
    }

    [Fact]
    public void Vector_G_ticket_push_and_full_block_padding()
    {
        var cipher = new MessageCipher(EncodingAesKey.Parse(E.Key), E.ComponentAppId);
        var random = Encoding.ASCII.GetBytes(G.Random);

        Assert.Equal(G.Encrypt, cipher.Encrypt(G.Plain, random));
        Assert.Equal(G.MsgSignature, MessageSignature.ForMessage(E.Token, G.Timestamp, G.Nonce, G.Encrypt));
        Assert.Equal(G.Signature, MessageSignature.ForUrl(E.Token, G.Timestamp, G.Nonce));
        Assert.Equal(G.FullBlockEncrypt, cipher.Encrypt(G.FullBlockMessage, random));
        Assert.Equal(G.FullBlockMessage, cipher.Decrypt(G.FullBlockEncrypt));

        var push = Assert.IsType<VerifyTicketPush>(ComponentPush.Parse(cipher.Decrypt(G.Encrypt)));
        Assert.Equal("ticket@@@emulator-test", push.Ticket);
        Assert.Equal(E.ComponentAppId, push.ComponentAppId);
    }

    [Fact]
    public void Vector_F_url_verification_signature()
    {
        Assert.Equal(F.Signature, MessageSignature.ForUrl(F.Token, F.Timestamp, F.Nonce));
    }

    [Fact]
    public void Sample_key_with_non_zero_trailing_bits_decodes_to_the_published_bytes()
    {
        var key = EncodingAesKey.Parse(A.Key);

        Assert.Equal("69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051", Convert.ToHexStringLower(key.Key));
    }
}
