using WeChat.Api;

namespace WeChat.Tests.Api;

public class TokenRedactionTests
{
    [Theory]
    [InlineData("https://api.weixin.qq.com/cgi-bin/component/api_create_preauthcode?component_access_token=61W3mEpU6602", "https://api.weixin.qq.com/cgi-bin/component/api_create_preauthcode?component_access_token=***")]
    [InlineData("/cgi-bin/message/custom/send?access_token=abc&x=1", "/cgi-bin/message/custom/send?access_token=***&x=1")]
    [InlineData("/cb?auth_code=queryauthcode@@@xyz&expires_in=600", "/cb?auth_code=***&expires_in=600")]
    [InlineData("/cgi-bin/ticket/getticket?type=jsapi&ACCESS_TOKEN=abc#frag", "/cgi-bin/ticket/getticket?type=jsapi&ACCESS_TOKEN=***#frag")]
    [InlineData("/sns/oauth2/component/access_token?appid=wx1&code=071CyW&grant_type=authorization_code", "/sns/oauth2/component/access_token?appid=wx1&code=***&grant_type=authorization_code")]
    [InlineData("/sns/component/jscode2session?js_code=0716AV&errcode=40029", "/sns/component/jscode2session?js_code=***&errcode=40029")]
    [InlineData("/cb?session_key=tQY%2B38&openid=o1", "/cb?session_key=***&openid=o1")]
    [InlineData("/nothing/secret?a=1", "/nothing/secret?a=1")]
    public void Token_values_are_masked(string url, string expected) => Assert.Equal(expected, TokenRedaction.Redact(url));
}
