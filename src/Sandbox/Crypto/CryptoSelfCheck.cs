using System.Text;

namespace Sandbox.Crypto;

/// <summary>
/// The sandbox's cipher against WeChat's published vectors (docs/wechat-protocol.md §1.8: E, its reply, A, and the
/// full-block padding case of G), run at every start: a sandbox that frames messages wrongly must not start.
/// </summary>
public static class CryptoSelfCheck
{
    private const string ZeroKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string ComponentAppId = "wx134c8103faa5a59e";

    private const string PushEncrypt = "D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==";
    private const string PushPlain = "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n<CreateTime>1715943329</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[debug_demo]]></Event>\n<debug_str><![CDATA[hello world]]></debug_str>\n</xml>";

    private const string ReplyEncrypt = "hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7";

    private const string FullBlockEncrypt = "uMMzGtqcnpOzXOYBwDQNrTKqq1gfFL9ZipCOy/gYhNsj0EbDiLgmyIpctOWh4+FFPUq5pgl5cyOb/NHJmyUke5YsbYnx8WEq8VmwbTCZ+kR1EQQQNmbaG260zjR7rXrs";

    /// <summary>The vectors this cipher does not reproduce; empty when all of them match.</summary>
    public static IReadOnlyList<string> Failures()
    {
        var zero = new SandboxCipher(ZeroKey);
        var sample = new SandboxCipher("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        var failures = new List<string>();
        void Expect(string vector, string expected, Func<string> actual)
        {
            try
            {
                if (actual() != expected)
                {
                    failures.Add(vector);
                }
            }
            catch (InvalidDataException)
            {
                failures.Add(vector);
            }
        }

        Expect("E msg_signature", "6c12a4205838198b8fa631b3220723bb07f1015c", () => SandboxCipher.Sign("AAAAA", "1715943329", "1590219412", PushEncrypt));
        Expect("E signature", "cc0c594499c1634947d5b502f158ee518947db27", () => SandboxCipher.Sign("AAAAA", "1715943329", "1590219412"));
        Expect("E decrypt", PushPlain + "|" + ComponentAppId, () => string.Join('|', zero.Decrypt(PushEncrypt).Message, zero.Decrypt(PushEncrypt).AppId));
        Expect("E reply", ReplyEncrypt, () => zero.Encrypt(Ascii("999951349e8ee746"), "<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>", ComponentAppId));
        Expect("E reply MsgSignature", "03e0812039325c2712ef5f0f980fd14c70d6e307", () => SandboxCipher.Sign("AAAAA", "1713424427", "415670741", ReplyEncrypt));
        Expect("A encrypt", "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
            () => sample.Encrypt(Ascii("aaaabbbbccccdddd"), "我是中文abcd123", "wxb11529c136998cb6"));
        Expect("G full-block padding", FullBlockEncrypt, () => zero.Encrypt(Ascii("0123456789abcdef"), new string('x', 26), ComponentAppId));
        Expect("G full-block decrypt", new string('x', 26), () => zero.Decrypt(FullBlockEncrypt).Message);
        return failures;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
