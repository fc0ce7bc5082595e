using WeChat.Api;

namespace WeChat.Tests.Api;

public class JsSdkSignatureTests
{
    // The official JS-SDK example (docs/wechat-protocol.md §1.8).
    private const string Ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
    private const string Expected = "0f9de62fce790f9a083d5c99e95740ceb90c27ed";

    [Fact]
    public void The_official_example_signs_to_its_published_signature() =>
        Assert.Equal(Expected, JsSdkSignature.Sign(Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value"));

    [Fact]
    public void The_fragment_of_the_url_is_not_signed() =>
        Assert.Equal(Expected, JsSdkSignature.Sign(Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value#/order/42"));

    [Fact]
    public void Every_part_changes_the_signature()
    {
        var signatures = new[]
        {
            JsSdkSignature.Sign(Ticket + "x", "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value"),
            JsSdkSignature.Sign(Ticket, "Wm3WZYTPz0wzccnX", 1414587457, "http://mp.weixin.qq.com?params=value"),
            JsSdkSignature.Sign(Ticket, "Wm3WZYTPz0wzccnW", 1414587458, "http://mp.weixin.qq.com?params=value"),
            JsSdkSignature.Sign(Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=other"),
        };

        Assert.DoesNotContain(Expected, signatures);
        Assert.All(signatures, s => Assert.Matches("^[0-9a-f]{40}$", s));
    }
}
