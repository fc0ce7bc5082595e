namespace Sandbox.Crypto;

/// <summary>
/// Published WeChat vectors (../shared/wechat-protocol.md §1.8: E and D from the official message-push pages, A and B
/// from Tencent's samples, G derived there with two independent implementations). Copied as data, never computed.
/// </summary>
public static class OfficialVectors
{
    private const string ZeroKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string SampleKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    public static IReadOnlyList<CryptoVector> All { get; } =
    [
        new("E push", "AAAAA", ZeroKey, "wx134c8103faa5a59e", "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n<CreateTime>1715943329</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[debug_demo]]></Event>\n<debug_str><![CDATA[hello world]]></debug_str>\n</xml>", null,
            "D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==",
            "1715943329", "1590219412", "6c12a4205838198b8fa631b3220723bb07f1015c", "cc0c594499c1634947d5b502f158ee518947db27"),
        new("E reply", "AAAAA", ZeroKey, "wx134c8103faa5a59e", "<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>", "999951349e8ee746",
            "hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7",
            "1713424427", "415670741", "03e0812039325c2712ef5f0f980fd14c70d6e307", null),
        new("D push", "AAAAA", ZeroKey, "wxba5fad812f8e6fb9", "{\"ToUserName\":\"gh_97417a04a28d\",\"FromUserName\":\"o9AgO5Kd5ggOC-bXrbNODIiE3bGY\",\"CreateTime\":1714112445,\"MsgType\":\"event\",\"Event\":\"debug_demo\",\"debug_str\":\"hello world\"}", null,
            "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=",
            "1714112445", "415670741", "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3", "6c5c811b55cc85e0e1b54100749188c20beb3f5d"),
        new("D reply", "AAAAA", ZeroKey, "wxba5fad812f8e6fb9", "{\"demo_resp\":\"good luck\"}", "707722b803182950",
            "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==",
            "1713424427", "415670741", "1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1", null),
        new("A", "pamtest", SampleKey, "wxb11529c136998cb6", "我是中文abcd123", "aaaabbbbccccdddd",
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
            "1409304348", "xxxxxx", "82c962d39941aa48552f90ef55aa323dc620cc10", null),
        new("B", "spamtest", SampleKey, "wx2c2769f8efd9abc2", "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>", null,
            "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=",
            "1409735669", "1320562132", "5d197aaffba7e9b25a30732f161a50dee96bd5fa", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"),
        new("G ticket", "AAAAA", ZeroKey, "wx134c8103faa5a59e", "<xml><AppId><![CDATA[wx134c8103faa5a59e]]></AppId><CreateTime>1413192605</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[ticket@@@emulator-test]]></ComponentVerifyTicket></xml>", "0123456789abcdef",
            "uMMzGtqcnpOzXOYBwDQNrRTl5JaD4Whk8Q93s5bJ1KfvR76QxjzjtZstdvRrVpggkSqvOOx+HIi98m/kkfR81gznyskpjQEl6y6cJ5WHB6UJbeZ1m+aWTk/GGgEWAbE4u3bI7OYPrPyN2tS4/DWc2truNbd0AbbfvWFqRaHkJBsA/tzzKyEaMyUYHQ5jTSBLCa8qDdBrngTvoADmpqhidPC/ayrZrxzHhdOJI7j/ghQjv5IYYlYyi65taVfe83EqWrWYUQoI/FKpf7VISHEAfFjW4bbx0rNnBl+C4lFhjNs8IA2Zx215lMz7T3dYuXHKeWW9ihf2FjUHGf8IZPIIGui08lEG9mmkTHj2VFTlf9Bd68DPuxJzZKrJHtLuT4LJ",
            "1413192605", "1234567890", "7eac5756325dc3dcd892e282fd79906a61f92dd6", "7877aebc870b279d7554a45a15b4b5ac5f68e271"),
        new("G full block", "AAAAA", ZeroKey, "wx134c8103faa5a59e", "xxxxxxxxxxxxxxxxxxxxxxxxxx", "0123456789abcdef",
            "uMMzGtqcnpOzXOYBwDQNrTKqq1gfFL9ZipCOy/gYhNsj0EbDiLgmyIpctOWh4+FFPUq5pgl5cyOb/NHJmyUke5YsbYnx8WEq8VmwbTCZ+kR1EQQQNmbaG260zjR7rXrs",
            null, null, null, null),
    ];
}
