using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Support;
using Sandbox.Pushing;
using WeChat.Xml;

namespace Gateway.Tests;

/// <summary>The full-network-release (全网发布) test cases, pushed by the sandbox exactly as WeChat pushes them.</summary>
public sealed class ReleaseTestTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const string TestAccount = "wx570bc396a51b8ff8";
    private const string TestAccountUserName = "gh_3c884a361561";
    private const string Tester = "ozy4qt5QUADNXORxCVipKMV9dss0";

    [Fact]
    public async Task The_test_text_message_gets_its_callback_reply_encrypted()
    {
        var outcome = await PushAsync(Text("TESTCOMPONENT_MSG_TYPE_TEXT"));

        var reply = AccountMessage.Parse(outcome.ReplyXml!);
        Assert.True(outcome.Delivered);
        Assert.Equal("TESTCOMPONENT_MSG_TYPE_TEXT_callback", reply.Content);
        Assert.Equal(Tester, reply.ToUserName);
        Assert.Equal(TestAccountUserName, reply.FromUserName);
    }

    [Fact]
    public async Task The_test_event_gets_event_from_callback()
    {
        var outcome = await PushAsync(Event("LOCATION"));

        Assert.Equal("LOCATIONfrom_callback", AccountMessage.Parse(outcome.ReplyXml!).Content);
    }

    [Fact]
    public async Task QUERY_AUTH_CODE_is_answered_empty_then_through_the_customer_service_api()
    {
        var code = host.Approve(TestAccount);

        var outcome = await PushAsync(Text("QUERY_AUTH_CODE:" + code));
        var sent = await Eventually.Until(
            () => host.WeChat.Journal.CustomerServiceMessages()
                .Where(m => m.Content == code + "_from_api")
                .Select(m => new CustomerMessage(m.ToUser, m.AuthorizerAppId))
                .FirstOrDefault(),
            message => message is not null);

        Assert.True(outcome.Delivered);
        Assert.Null(outcome.ReplyXml);
        Assert.Equal(new CustomerMessage(Tester, TestAccount), sent);
    }

    [Fact]
    public async Task Any_other_message_is_answered_success()
    {
        var outcome = await PushAsync(Text("hello"));

        Assert.True(outcome.Delivered);
        Assert.Null(outcome.ReplyXml);
    }

    [Fact]
    public async Task A_message_push_with_a_bad_signature_is_403()
    {
        var push = host.Crypt.EncryptPush(Text("hello"), DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "9", "ToUserName", TestAccountUserName);

        using var response = await host.Http.PostAsync(
            $"/wechat/{GatewayHost.ComponentAppId}/messages/{TestAccount}?timestamp={push.Timestamp}&nonce={push.Nonce}&openid={Tester}&encrypt_type=aes&msg_signature=bad",
            new StringContent(push.Body));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task The_sandbox_release_test_passes_every_case_against_the_gateway(int group)
    {
        using var response = await host.Http.PostAsync($"/sandbox/api/components/{GatewayHost.ComponentAppId}/release-test?group={group}", null);
        var report = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(report.GetProperty("cases").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.GetRawText()));
        Assert.Equal(7, report.GetProperty("cases").GetArrayLength());
    }

    private Task<PushOutcome> PushAsync(string xml) =>
        host.WeChat.Pusher.PushMessageAsync(host.WeChat.Options.FindComponent(GatewayHost.ComponentAppId)!, TestAccount, Tester, TestAccountUserName, xml);

    private static string Text(string content) =>
        $"<xml><ToUserName><![CDATA[{TestAccountUserName}]]></ToUserName><FromUserName><![CDATA[{Tester}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{Random.Shared.NextInt64()}</MsgId></xml>";

    private static string Event(string name) =>
        $"<xml><ToUserName><![CDATA[{TestAccountUserName}]]></ToUserName><FromUserName><![CDATA[{Tester}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event><Latitude>23.1</Latitude><Longitude>113.3</Longitude><Precision>119</Precision></xml>";

    private sealed record CustomerMessage(string ToUser, string AuthorizerAppId);
}
