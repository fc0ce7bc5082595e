using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Support;
using Gateway.WeChatCallbacks;
using Grains.Messages;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Sandbox.Pushing;
using Sandbox.State;
using WeChat;
using WeChat.Api;
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
    public async Task QUERY_AUTH_CODE_pushed_again_starts_one_exchange()
    {
        using var repeats = new MetricCollector<long>(MeterFactory, MessageMetrics.MeterName, "wechat.pushes.repeated");
        var code = host.Approve(TestAccount);
        var message = Text("QUERY_AUTH_CODE:" + code);
        var before = host.WeChat.Calls.Count(ComponentApis.QueryAuth, errorCode: null);

        var first = await PushAsync(message);
        var again = await PushAsync(message);
        await AnswersAsync([code]);

        Assert.Equal((true, (string?)null), (first.Delivered, first.ReplyXml));
        Assert.Equal((true, (string?)null), (again.Delivered, again.ReplyXml));
        Assert.Equal(1, repeats.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(before + 1, host.WeChat.Calls.Count(ComponentApis.QueryAuth, errorCode: null));
        Assert.Single(host.WeChat.Journal.CustomerServiceMessages(), m => m.Content == code + "_from_api");
    }

    [Fact]
    public async Task At_most_four_QUERY_AUTH_CODE_answers_run_at_once_and_further_ones_are_dropped()
    {
        using var dropped = new MetricCollector<long>(MeterFactory, MessageMetrics.MeterName, "wechat.release_test.dropped");
        // One code per test account: exchanges for one account at once would supersede each other's tokens.
        var accounts = ReleaseTest.Accounts.Take(ReleaseTestReplies.MaxRunning + 2).ToList();
        var codes = accounts.Select(a => host.Approve(a.AppId)).ToList();
        var before = host.WeChat.Calls.Count(ComponentApis.QueryAuth, errorCode: null);
        // Each exchange takes long enough for every push to be answered while the first ones still run.
        host.WeChat.Faults.Add(new Fault(FaultKind.Delay, ReleaseTestReplies.MaxRunning, ComponentApis.QueryAuth, Delay: TimeSpan.FromSeconds(5)));

        var outcomes = await Task.WhenAll(accounts.Zip(codes, (a, code) => PushAsync(Text("QUERY_AUTH_CODE:" + code, a.UserName), a.AppId, a.UserName)));
        var droppedWhileRunning = dropped.GetMeasurementSnapshot().EvaluateAsCounter();
        var answered = await AnswersAsync(codes, ReleaseTestReplies.MaxRunning);

        Assert.All(outcomes, o => Assert.Equal((true, (string?)null), (o.Delivered, o.ReplyXml)));
        Assert.Equal(2, droppedWhileRunning);
        Assert.Equal(ReleaseTestReplies.MaxRunning, answered.Count);
        Assert.Equal(before + ReleaseTestReplies.MaxRunning, host.WeChat.Calls.Count(ComponentApis.QueryAuth, errorCode: null));
    }

    [Fact]
    public async Task The_test_text_naming_another_account_on_a_test_accounts_url_is_refused()
    {
        var xml = Text("TESTCOMPONENT_MSG_TYPE_TEXT").Replace(TestAccountUserName, "gh_5a4db0acc001", StringComparison.Ordinal);

        using var response = await host.PostMessageAsync(TestAccount, host.SealMessage(xml, "gh_5a4db0acc001"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
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

    private System.Diagnostics.Metrics.IMeterFactory MeterFactory => host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    /// <summary>The codes among <paramref name="codes"/> answered through the customer-service API, once at least <paramref name="count"/> are.</summary>
    private async Task<IReadOnlyList<string>> AnswersAsync(IReadOnlyCollection<string> codes, int? count = null)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var answered = host.WeChat.Journal.CustomerServiceMessages()
                .Select(m => m.Content).OfType<string>()
                .Where(content => codes.Any(code => content == code + "_from_api")).ToList();
            if (answered.Count >= (count ?? codes.Count) || DateTimeOffset.UtcNow > deadline)
            {
                return answered;
            }

            await Task.Delay(50);
        }
    }

    private Task<PushOutcome> PushAsync(string xml, string account = TestAccount, string accountUserName = TestAccountUserName) =>
        host.WeChat.Pusher.PushMessageAsync(host.WeChat.Options.FindComponent(GatewayHost.ComponentAppId)!, account, Tester, accountUserName, xml);

    private static string Text(string content, string accountUserName = TestAccountUserName) =>
        $"<xml><ToUserName><![CDATA[{accountUserName}]]></ToUserName><FromUserName><![CDATA[{Tester}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{Random.Shared.NextInt64()}</MsgId></xml>";

    private static string Event(string name) =>
        $"<xml><ToUserName><![CDATA[{TestAccountUserName}]]></ToUserName><FromUserName><![CDATA[{Tester}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event><Latitude>23.1</Latitude><Longitude>113.3</Longitude><Precision>119</Precision></xml>";

    private sealed record CustomerMessage(string ToUser, string AuthorizerAppId);
}
