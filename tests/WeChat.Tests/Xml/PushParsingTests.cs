using WeChat.Xml;

namespace WeChat.Tests.Xml;

public class PushParsingTests
{
    [Fact]
    public void Authorized_push_as_captured_from_the_release_test_parses()
    {
        var push = ComponentPush.Parse("""
            <xml><AppId><![CDATA[wx134c8103faa5a59e]]></AppId><CreateTime>1573485628</CreateTime><InfoType><![CDATA[authorized]]></InfoType>
            <AuthorizerAppid><![CDATA[wx570bc396a51b8ff8]]></AuthorizerAppid><AuthorizationCode><![CDATA[queryauthcode@@@Xl2L]]></AuthorizationCode>
            <AuthorizationCodeExpiredTime><![CDATA[1573489228]]></AuthorizationCodeExpiredTime><PreAuthCode><![CDATA[preauthcode@@@sHSg]]></PreAuthCode></xml>
            """);

        var authorized = Assert.IsType<AuthorizationPush>(push);
        Assert.False(authorized.IsUpdate);
        Assert.Equal("wx570bc396a51b8ff8", authorized.AuthorizerAppId);
        Assert.Equal("queryauthcode@@@Xl2L", authorized.AuthorizationCode);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1573489228), authorized.AuthorizationCodeExpiresAt);
    }

    [Fact]
    public void Unauthorized_push_parses()
    {
        var push = ComponentPush.Parse("<xml><AppId>wxc</AppId><CreateTime>1413192760</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid></xml>");

        Assert.Equal("wxa", Assert.IsType<UnauthorizedPush>(push).AuthorizerAppId);
    }

    [Fact]
    public void An_unknown_info_type_is_kept_whole()
    {
        var push = ComponentPush.Parse("<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>notify_third_fasteregister</InfoType><appid>wxnew</appid><status>0</status></xml>");

        var unknown = Assert.IsType<UnknownComponentPush>(push);
        Assert.Equal("notify_third_fasteregister", unknown.InfoType);
        Assert.Contains("<appid>wxnew</appid>", unknown.Xml);
    }

    [Theory]
    [InlineData("<xml><AppId>wxc</AppId><InfoType>component_verify_ticket</InfoType></xml>")]
    [InlineData("<xml><AppId>wxc</AppId><CreateTime>soon</CreateTime><InfoType>unauthorized</InfoType></xml>")]
    [InlineData("<xml><AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>component_verify_ticket</InfoType></xml>")]
    public void A_push_missing_required_fields_is_refused(string xml) =>
        Assert.Throws<WeChatXmlException>(() => ComponentPush.Parse(xml));

    [Theory]
    [InlineData("<CreateTime>253402300800</CreateTime>")]
    [InlineData("<CreateTime>-62135596801</CreateTime>")]
    [InlineData("<CreateTime>9223372036854775807</CreateTime>")]
    [InlineData("<CreateTime>1573485628</CreateTime><AuthorizationCodeExpiredTime>9223372036854775807</AuthorizationCodeExpiredTime>")]
    [InlineData("<CreateTime>1573485628</CreateTime><AuthorizationCodeExpiredTime>-400000000000</AuthorizationCodeExpiredTime>")]
    public void A_time_no_date_can_hold_is_refused_as_malformed(string times)
    {
        var xml = $"<xml><AppId>wxc</AppId>{times}<InfoType>authorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid><AuthorizationCode>code</AuthorizationCode></xml>";

        Assert.Throws<WeChatXmlException>(() => ComponentPush.Parse(xml));
    }

    [Theory]
    [InlineData("<AppId>wxc</AppId><AppId>wxother</AppId><CreateTime>1</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid>")]
    [InlineData("<AppId>wxc</AppId><CreateTime>1</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxa</AuthorizerAppid><AuthorizerAppid>wxb</AuthorizerAppid>")]
    public void A_field_given_twice_is_refused_whichever_copy_a_reader_would_take(string fields) =>
        Assert.Throws<WeChatXmlException>(() => ComponentPush.Parse($"<xml>{fields}</xml>"));

    [Theory]
    [InlineData("<FromUserName>o1</FromUserName><CreateTime>-62135596801</CreateTime>")]
    [InlineData("<FromUserName>o1</FromUserName><FromUserName>o2</FromUserName><CreateTime>10</CreateTime>")]
    public void An_account_message_with_an_impossible_time_or_a_repeated_field_is_refused(string fields) =>
        Assert.Throws<WeChatXmlException>(() => AccountMessage.Parse($"<xml><ToUserName>gh</ToUserName>{fields}<MsgType>text</MsgType></xml>"));

    [Fact]
    public void Dtds_are_refused_so_no_external_entity_is_read()
    {
        const string xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><xml><Content>&e;</Content></xml>";

        Assert.Throws<WeChatXmlException>(() => SafeXml.Parse(xxe));
    }

    [Fact]
    public void Entity_expansion_bombs_are_refused()
    {
        const string bomb = "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml>&b;</xml>";

        Assert.Throws<WeChatXmlException>(() => SafeXml.Parse(bomb));
    }

    [Fact]
    public void Oversized_documents_are_refused()
    {
        var xml = "<xml><Content>" + new string('x', 2000) + "</Content></xml>";

        Assert.Throws<WeChatXmlException>(() => SafeXml.Parse(xml, maxCharacters: 1000));
    }

    [Fact]
    public void Event_messages_deduplicate_by_sender_and_time_and_messages_by_msg_id()
    {
        var text = AccountMessage.Parse("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>10</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>99</MsgId></xml>");
        var evt = AccountMessage.Parse("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>10</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>");

        Assert.Equal("msg:99", text.DeduplicationKey);
        Assert.Equal("event:o1:10", evt.DeduplicationKey);
        Assert.True(evt.IsEvent);
    }
}
