using WeChat.Api;

namespace WeChat.Tests.Api;

public class TokenRedactionTests
{
    [Theory]
    [InlineData("https://api.weixin.qq.com/cgi-bin/component/api_create_preauthcode?component_access_token=61W3mEpU6602", "https://api.weixin.qq.com/cgi-bin/component/api_create_preauthcode?component_access_token=***")]
    [InlineData("/cgi-bin/message/custom/send?access_token=abc&x=1", "/cgi-bin/message/custom/send?access_token=***&x=1")]
    [InlineData("/cb?auth_code=queryauthcode@@@xyz&expires_in=600", "/cb?auth_code=***&expires_in=600")]
    [InlineData("/cgi-bin/ticket/getticket?type=jsapi&ACCESS_TOKEN=abc#frag", "/cgi-bin/ticket/getticket?type=jsapi&ACCESS_TOKEN=***#frag")]
    [InlineData("/nothing/secret?a=1", "/nothing/secret?a=1")]
    public void Token_values_are_masked(string url, string expected) => Assert.Equal(expected, TokenRedaction.Redact(url));
}
