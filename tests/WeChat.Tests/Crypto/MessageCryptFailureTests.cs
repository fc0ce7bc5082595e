using System.Security.Cryptography;
using WeChat.Crypto;
using static WeChat.Tests.Crypto.OfficialVectors;

namespace WeChat.Tests.Crypto;

public class MessageCryptFailureTests
{
    private static readonly EncodingAesKey Key = EncodingAesKey.Parse(E.Key);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void A_key_that_is_not_43_alphanumerics_is_refused(string? key)
    {
        var error = Assert.Throws<WeChatCryptoException>(() => EncodingAesKey.Parse(key));

        Assert.Equal(WeChatCryptoError.InvalidEncodingAesKey, error.Error);
    }

    [Theory]
    [InlineData("not base64!", WeChatCryptoError.InvalidBase64)]
    [InlineData("AAAA", WeChatCryptoError.InvalidCiphertextLength)]
    [InlineData("", WeChatCryptoError.InvalidCiphertextLength)]
    public void Malformed_ciphertext_gives_a_typed_error(string encrypted, WeChatCryptoError expected)
    {
        var cipher = new MessageCipher(Key, E.ComponentAppId);

        Assert.Equal(expected, Assert.Throws<WeChatCryptoException>(() => cipher.Decrypt(encrypted)).Error);
    }

    [Fact]
    public void Bad_padding_gives_a_typed_error()
    {
        var encrypted = EncryptRaw(Enumerable.Repeat((byte)0x41, 64).ToArray());

        var error = Assert.Throws<WeChatCryptoException>(() => new MessageCipher(Key, E.ComponentAppId).Decrypt(encrypted));

        Assert.Equal(WeChatCryptoError.InvalidPadding, error.Error);
    }

    [Fact]
    public void A_length_past_the_buffer_gives_a_typed_error()
    {
        var plain = new byte[64];
        plain[16] = 0x7f; // declares a 2 GB message
        plain.AsSpan(32).Fill(32);

        var error = Assert.Throws<WeChatCryptoException>(() => new MessageCipher(Key, E.ComponentAppId).Decrypt(EncryptRaw(plain)));

        Assert.Equal(WeChatCryptoError.InvalidMessageLength, error.Error);
    }

    [Fact]
    public void A_message_shorter_than_its_header_gives_a_typed_error()
    {
        var plain = new byte[32];
        plain.AsSpan(16).Fill(16);

        var error = Assert.Throws<WeChatCryptoException>(() => new MessageCipher(Key, E.ComponentAppId).Decrypt(EncryptRaw(plain)));

        Assert.Equal(WeChatCryptoError.InvalidMessageLength, error.Error);
    }

    [Fact]
    public void A_message_for_another_appid_is_refused()
    {
        var error = Assert.Throws<WeChatCryptoException>(() => new MessageCipher(Key, "wxsomeoneelse00000").Decrypt(E.Encrypt));

        Assert.Equal(WeChatCryptoError.AppIdMismatch, error.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("6c12a4205838198b8fa631b3220723bb07f1015d")]
    [InlineData("6c12a4205838198b8fa631b3220723bb07f1015")]
    public void A_wrong_or_missing_msg_signature_is_refused(string? signature)
    {
        var crypt = new MessageCrypt(E.Token, E.Key, E.ComponentAppId);

        var error = Assert.Throws<WeChatCryptoException>(() => crypt.DecryptPush(E.Body, E.Timestamp, E.Nonce, signature));

        Assert.Equal(WeChatCryptoError.SignatureMismatch, error.Error);
    }

    [Fact]
    public void Upper_case_signature_hex_is_accepted()
    {
        var crypt = new MessageCrypt(E.Token, E.Key, E.ComponentAppId);

        Assert.Equal(E.Decrypted, crypt.DecryptPush(E.Body, E.Timestamp, E.Nonce, E.MsgSignature.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("<xml><AppId>x</AppId></xml>")]
    [InlineData("<xml><Encrypt>")]
    [InlineData("<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&x;</Encrypt></xml>")]
    [InlineData("<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>")]
    public void A_malformed_envelope_is_refused(string body)
    {
        var crypt = new MessageCrypt(E.Token, E.Key, E.ComponentAppId);

        var error = Assert.Throws<WeChatCryptoException>(() => crypt.DecryptPush(body, E.Timestamp, E.Nonce, E.MsgSignature));

        Assert.Equal(WeChatCryptoError.MalformedEnvelope, error.Error);
    }

    [Fact]
    public void Signatures_sort_ordinally_not_by_culture()
    {
        var ordinal = new[] { "abc", "ABD", "Abc", "aBc", "_x", "-y" };
        Array.Sort(ordinal, StringComparer.Ordinal);
        var expected = Convert.ToHexStringLower(SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(ordinal))));

        Assert.Equal(expected, MessageSignature.Compute("abc", "ABD", "Abc", "aBc", "_x", "-y"));
    }

    private static string EncryptRaw(byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = Key.Key.ToArray();
        return Convert.ToBase64String(aes.EncryptCbc(plain, Key.Iv, PaddingMode.None));
    }
}
