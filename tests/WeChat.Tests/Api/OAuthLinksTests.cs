using WeChat.Api;

namespace WeChat.Tests.Api;

public class OAuthLinksTests
{
    [Fact]
    public void The_link_carries_every_parameter_encoded_in_WeChats_order_with_the_wechat_redirect_fragment()
    {
        var link = OAuthLinks.ForOfficialAccount("https://open.weixin.qq.com",
            new OAuthRequest("wxcomponent", "wxaccount", "https://p.example/back?x=1&y=2", OAuthScopes.UserInfo, "a b"));

        Assert.Equal("https://open.weixin.qq.com/connect/oauth2/authorize?appid=wxaccount&redirect_uri=https%3A%2F%2Fp.example%2Fback%3Fx%3D1%26y%3D2" +
            "&response_type=code&scope=snsapi_userinfo&state=a%20b&component_appid=wxcomponent#wechat_redirect", link);
    }

    [Fact]
    public void Without_a_state_the_link_has_none_and_both_scopes_may_be_joined()
    {
        var link = OAuthLinks.ForOfficialAccount("https://open.weixin.qq.com/",
            new OAuthRequest("wxcomponent", "wxaccount", "https://p.example/back", "snsapi_base,snsapi_userinfo"));

        Assert.DoesNotContain("state=", link);
        Assert.Contains("&scope=snsapi_base%2Csnsapi_userinfo&", link);
    }

    [Theory]
    [InlineData("snsapi_login", "s")]
    [InlineData("", "s")]
    [InlineData("snsapi_base,", "s")]
    [InlineData(OAuthScopes.Base, "129")]
    public void A_scope_WeChat_does_not_know_or_a_state_over_128_bytes_is_refused(string scope, string state)
    {
        var request = new OAuthRequest("wxcomponent", "wxaccount", "https://p.example/back", scope, state == "129" ? new string('状', 43) : state);

        Assert.Throws<ArgumentException>(() => OAuthLinks.ForOfficialAccount("https://open.weixin.qq.com", request));
    }
}
