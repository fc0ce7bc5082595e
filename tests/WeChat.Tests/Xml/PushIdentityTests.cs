using WeChat.Xml;

namespace WeChat.Tests.Xml;

/// <summary>What makes two pushes the same (WeChat's retry of one) or not, and which messages the release test answers.</summary>
public class PushIdentityTests
{
    private const string Ticket = "<xml><AppId>wxc</AppId><CreateTime>{0}</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>{1}</ComponentVerifyTicket></xml>";

    [Fact]
    public void An_authorization_is_the_same_push_whatever_its_time_and_another_code_is_another()
    {
        static string Key(long createTime, string code) => ComponentPush.Parse(
            $"<xml><AppId>wxc</AppId><CreateTime>{createTime}</CreateTime><InfoType>authorized</InfoType><AuthorizerAppid>wx570bc396a51b8ff8</AuthorizerAppid><AuthorizationCode>{code}</AuthorizationCode></xml>").DeduplicationKey;

        Assert.Equal(Key(1700000000, "queryauthcode@@@a"), Key(1700000005, "queryauthcode@@@a"));
        Assert.NotEqual(Key(1700000000, "queryauthcode@@@a"), Key(1700000000, "queryauthcode@@@b"));
    }

    [Fact]
    public void The_same_ticket_in_a_later_round_is_another_push()
    {
        var first = ComponentPush.Parse(string.Format(null, Ticket, 1700000000, "ticket@@@t")).DeduplicationKey;

        Assert.Equal(first, ComponentPush.Parse(string.Format(null, Ticket, 1700000000, "ticket@@@t")).DeduplicationKey);
        Assert.NotEqual(first, ComponentPush.Parse(string.Format(null, Ticket, 1700000600, "ticket@@@t")).DeduplicationKey);
    }

    [Theory]
    [InlineData("wx570bc396a51b8ff8", true)]
    [InlineData("wx5a4db0acc0000001", true)]
    [InlineData("wx5a4db0acc000000", false)]
    [InlineData("wx5a4db0acc00000011", false)]
    [InlineData("WX5a4db0acc0000001", false)]
    [InlineData("wx5a4db0acc00000/1", false)]
    [InlineData("wx5a4db0acc000000ä", false)]
    [InlineData("wx5A4DB0ACC0000001", false)]
    [InlineData("wx5a4db0acc000000g", false)]
    [InlineData("", false)]
    public void An_appid_is_wx_and_sixteen_lower_case_hex_digits(string value, bool wellFormed) =>
        Assert.Equal(wellFormed, AppIds.IsWellFormed(value));

    [Theory]
    [InlineData("text", "TESTCOMPONENT_MSG_TYPE_TEXT", null, "TESTCOMPONENT_MSG_TYPE_TEXT_callback")]
    [InlineData("event", null, "LOCATION", "LOCATIONfrom_callback")]
    [InlineData("text", "TESTCOMPONENT_MSG_TYPE_TEXT please", null, null)]
    [InlineData("text", "QUERY_AUTH_CODE:queryauthcode@@@a", null, null)]
    public void The_release_test_replies_to_its_text_and_events(string msgType, string? content, string? eventName, string? reply) =>
        Assert.Equal(reply, ReleaseTest.ReplyTextTo(Message(msgType, content, eventName)));

    [Theory]
    [InlineData("QUERY_AUTH_CODE:queryauthcode@@@a", "queryauthcode@@@a")]
    [InlineData("QUERY_AUTH_CODE:", null)]
    [InlineData("query_auth_code:queryauthcode@@@a", null)]
    [InlineData("hello", null)]
    public void QUERY_AUTH_CODE_carries_a_code_after_its_prefix(string content, string? code) =>
        Assert.Equal(code, ReleaseTest.QueryAuthCodeIn(Message("text", content, null)));

    [Fact]
    public void Only_WeChats_release_test_accounts_are_test_accounts()
    {
        Assert.Equal("gh_3c884a361561", ReleaseTest.UserNameOf("wx570bc396a51b8ff8"));
        Assert.All(ReleaseTest.Accounts, a => Assert.True(ReleaseTest.IsTestAccount(a.AppId)));
        Assert.False(ReleaseTest.IsTestAccount("wx5a4db0acc0000001"));
        Assert.Null(ReleaseTest.UserNameOf("wx5a4db0acc0000001"));
    }

    private static AccountMessage Message(string msgType, string? content, string? eventName) =>
        new("gh_3c884a361561", "oTester", DateTimeOffset.FromUnixTimeSeconds(1700000000), msgType, null, eventName, content,
            new Dictionary<string, string>());
}
