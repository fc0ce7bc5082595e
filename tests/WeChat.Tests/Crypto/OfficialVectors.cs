namespace WeChat.Tests.Crypto;

/// <summary>Published vectors from docs/wechat-protocol.md §1.8.</summary>
internal static class OfficialVectors
{
    public static class E
    {
        public const string Token = "AAAAA";
        public const string Key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        public const string ComponentAppId = "wx134c8103faa5a59e";
        public const string Timestamp = "1715943329";
        public const string Nonce = "1590219412";
        public const string Signature = "cc0c594499c1634947d5b502f158ee518947db27";
        public const string MsgSignature = "6c12a4205838198b8fa631b3220723bb07f1015c";
        public const string Encrypt = "D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==";
        public const string Body = "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[" + Encrypt + "]]></Encrypt></xml>";

        public const string Decrypted =
            "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n" +
            "<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n" +
            "<CreateTime>1715943329</CreateTime>\n" +
            "<MsgType><![CDATA[event]]></MsgType>\n" +
            "<Event><![CDATA[debug_demo]]></Event>\n" +
            "<debug_str><![CDATA[hello world]]></debug_str>\n" +
            "</xml>";

        public const string ReplyPlain = "<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>";
        public const string ReplyRandom = "999951349e8ee746";
        public const string ReplyEncrypt = "hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7";
        public const string ReplyTimestamp = "1713424427";
        public const string ReplyNonce = "415670741";
        public const string ReplyMsgSignature = "03e0812039325c2712ef5f0f980fd14c70d6e307";
    }

    public static class A
    {
        public const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        public const string Token = "pamtest";
        public const string AppId = "wxb11529c136998cb6";
        public const string Random = "aaaabbbbccccdddd";
        public const string Message = "我是中文abcd123";
        public const string Encrypt = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
        public const string Timestamp = "1409304348";
        public const string Nonce = "xxxxxx";
        public const string MsgSignature = "82c962d39941aa48552f90ef55aa323dc620cc10";
    }

    public static class B
    {
        public const string Token = "spamtest";
        public const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        public const string AppId = "wx2c2769f8efd9abc2";
        public const string Timestamp = "1409735669";
        public const string Nonce = "1320562132";
        public const string MsgSignature = "5d197aaffba7e9b25a30732f161a50dee96bd5fa";
        public const string Signature = "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a";
        public const string Encrypt = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";
        public const string Decrypted =
            "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n" +
            "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n" +
            "<CreateTime>1409735668</CreateTime>\n" +
            "<MsgType><![CDATA[text]]></MsgType>\n" +
            "<Content><![CDATA[abcdteT]]></Content>\n" +
            "<MsgId>6054768590064713728</MsgId>\n" +
            "</xml>";
    }

    public static class C
    {
        public const string Token = "123456";
        public const string Key = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
        public const string ReceiveId = "wx49f0ab532d5d035a";
        public const string Timestamp = "1411525903";
        public const string Nonce = "461056294";
        public const string MsgSignature = "74d92dfeb87ba7c714f89d98870ae5eb62dff26d";
        public const string Encrypt = "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=";
    }

    public static class D
    {
        public const string Token = "AAAAA";
        public const string Key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        public const string AppId = "wxba5fad812f8e6fb9";
        public const string Timestamp = "1714112445";
        public const string Nonce = "415670741";
        public const string Signature = "6c5c811b55cc85e0e1b54100749188c20beb3f5d";
        public const string MsgSignature = "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3";
        public const string Encrypt = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";
        public const string Decrypted = "{\"ToUserName\":\"gh_97417a04a28d\",\"FromUserName\":\"o9AgO5Kd5ggOC-bXrbNODIiE3bGY\",\"CreateTime\":1714112445,\"MsgType\":\"event\",\"Event\":\"debug_demo\",\"debug_str\":\"hello world\"}";
        public const string ReplyPlain = "{\"demo_resp\":\"good luck\"}";
        public const string ReplyRandom = "707722b803182950";
        public const string ReplyEncrypt = "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==";
        public const string ReplyTimestamp = "1713424427";
        public const string ReplyMsgSignature = "1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1";
    }

    public static class G
    {
        public const string Random = "0123456789abcdef";
        public const string Timestamp = "1413192605";
        public const string Nonce = "1234567890";
        public const string Plain = "<xml><AppId><![CDATA[wx134c8103faa5a59e]]></AppId><CreateTime>1413192605</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[ticket@@@emulator-test]]></ComponentVerifyTicket></xml>";
        public const string Encrypt = "uMMzGtqcnpOzXOYBwDQNrRTl5JaD4Whk8Q93s5bJ1KfvR76QxjzjtZstdvRrVpggkSqvOOx+HIi98m/kkfR81gznyskpjQEl6y6cJ5WHB6UJbeZ1m+aWTk/GGgEWAbE4u3bI7OYPrPyN2tS4/DWc2truNbd0AbbfvWFqRaHkJBsA/tzzKyEaMyUYHQ5jTSBLCa8qDdBrngTvoADmpqhidPC/ayrZrxzHhdOJI7j/ghQjv5IYYlYyi65taVfe83EqWrWYUQoI/FKpf7VISHEAfFjW4bbx0rNnBl+C4lFhjNs8IA2Zx215lMz7T3dYuXHKeWW9ihf2FjUHGf8IZPIIGui08lEG9mmkTHj2VFTlf9Bd68DPuxJzZKrJHtLuT4LJ";
        public const string MsgSignature = "7eac5756325dc3dcd892e282fd79906a61f92dd6";
        public const string Signature = "7877aebc870b279d7554a45a15b4b5ac5f68e271";
        public const string FullBlockMessage = "xxxxxxxxxxxxxxxxxxxxxxxxxx";
        public const string FullBlockEncrypt = "uMMzGtqcnpOzXOYBwDQNrTKqq1gfFL9ZipCOy/gYhNsj0EbDiLgmyIpctOWh4+FFPUq5pgl5cyOb/NHJmyUke5YsbYnx8WEq8VmwbTCZ+kR1EQQQNmbaG260zjR7rXrs";
    }

    public static class F
    {
        public const string Token = "AAAAA";
        public const string Timestamp = "1714036504";
        public const string Nonce = "1514711492";
        public const string Signature = "f464b24fc39322e44b38aa78f5edd27bd1441696";
    }
}
