using WeChat.Api;

namespace WeChat.Tests.Api;

public class AuthorizationLinksTests
{
    private static readonly AuthorizationRequest Request = new("wxcomponent", "preauthcode@@@abc", "https://p.example/cb?x=1&y=2",
        AuthorizationAccountKind.OfficialAccount, "wxbiz", [1, 2]);

    [Fact]
    public void Pc_link_carries_every_parameter_encoded()
    {
        var link = AuthorizationLinks.ForPc("https://mp.weixin.qq.com", Request);

        Assert.Equal("https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxcomponent&pre_auth_code=preauthcode%40%40%40abc" +
            "&redirect_uri=https%3A%2F%2Fp.example%2Fcb%3Fx%3D1%26y%3D2&auth_type=1&biz_appid=wxbiz&category_id_list=1%7C2", link);
    }

    [Fact]
    public void Mobile_link_is_the_bindcomponent_page_with_the_wechat_redirect_fragment()
    {
        var link = AuthorizationLinks.ForMobile("https://open.weixin.qq.com", Request with { BizAppId = null, CategoryIds = null });

        Assert.Equal("https://open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&no_scan=1&component_appid=wxcomponent" +
            "&pre_auth_code=preauthcode%40%40%40abc&redirect_uri=https%3A%2F%2Fp.example%2Fcb%3Fx%3D1%26y%3D2&auth_type=1#wechat_redirect", link);
    }
}
