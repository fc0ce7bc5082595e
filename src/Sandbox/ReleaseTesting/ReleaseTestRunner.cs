using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace Sandbox.ReleaseTesting;

/// <summary>
/// WeChat's full-network-release test (docs/wechat-protocol.md §5) run against a platform: one of the five groups
/// authorizes the platform (the authorized push), a ticket is pushed, and the test user sends the text, event and
/// QUERY_AUTH_CODE messages to the official account and QUERY_AUTH_CODE to the mini program. Each reply must come
/// within WeChat's 5 seconds (the push timeout), and the customer-service answer to QUERY_AUTH_CODE within
/// <see cref="SandboxOptions.ReleaseTestApiDeadline"/>.
/// </summary>
public sealed class ReleaseTestRunner(SandboxWorld world)
{
    private const string TestText = "TESTCOMPONENT_MSG_TYPE_TEXT";

    private readonly ConcurrentDictionary<string, ReleaseTestReport> _last = new(StringComparer.Ordinal);

    public ReleaseTestReport? Last(string componentAppId) => _last.GetValueOrDefault(componentAppId);

    /// <param name="group">1 to 5; null draws one at random, as WeChat does.</param>
    public async Task<ReleaseTestReport> RunAsync(SandboxComponent component, int? group, CancellationToken cancellationToken)
    {
        var drawn = group ?? RandomNumberGenerator.GetInt32(1, 6);
        var official = ReleaseTestAccounts.All[(drawn - 1) * 2];
        var mini = ReleaseTestAccounts.All[((drawn - 1) * 2) + 1];
        var cases = new List<ReleaseTestCase>
        {
            await AuthorizeAsync(component, official, cancellationToken),
            Verdict("component_verify_ticket", await world.Pusher.PushTicketAsync(component, cancellationToken), null),
        };
        var tester = world.Users.Create("全网发布测试用户 release tester");
        var officialOpenId = world.Users.OpenId(tester, official.AppId);

        var text = await PushAsync(component, official, officialOpenId, Message(official, officialOpenId, "text", new XElement("Content", new XCData(TestText))), cancellationToken);
        cases.Add(Verdict("text " + TestText, text, TestText + "_callback", officialOpenId, official.UserName));
        var location = await PushAsync(component, official, officialOpenId, Message(official, officialOpenId, "event",
            new XElement("Event", new XCData("LOCATION")), new XElement("Latitude", "23.1"), new XElement("Longitude", "113.3"), new XElement("Precision", "119")), cancellationToken);
        cases.Add(Verdict("event LOCATION", location, "LOCATIONfrom_callback", officialOpenId, official.UserName));
        cases.Add(await QueryAuthCodeAsync(component, official, officialOpenId, cancellationToken));

        cases.Add(await AuthorizeAsync(component, mini, cancellationToken));
        cases.Add(await QueryAuthCodeAsync(component, mini, world.Users.OpenId(tester, mini.AppId), cancellationToken));

        var report = new ReleaseTestReport(world.Time.GetUtcNow(), component.AppId, drawn, official.AppId, mini.AppId, cases);
        _last[component.AppId] = report;
        return report;
    }

    private async Task<ReleaseTestCase> AuthorizeAsync(SandboxComponent component, SandboxAccount account, CancellationToken cancellationToken)
    {
        var preAuthCode = world.Codes.CreatePreAuthCode(component.AppId).Value;
        world.Codes.TryConsumePreAuthCode(component.AppId, preAuthCode);
        var code = world.Approve(component, account, preAuthCode, component.PermissionSets, pushEvent: false);
        var outcome = await world.Pusher.PushAuthorizationAsync(component, "authorized", code, preAuthCode, cancellationToken);
        return Verdict($"authorized push for {account.AppId}", outcome, null);
    }

    // The reply must be empty (no passive reply), then the platform exchanges the code and sends "<code>_from_api".
    private async Task<ReleaseTestCase> QueryAuthCodeAsync(SandboxComponent component, SandboxAccount account, string openId, CancellationToken cancellationToken)
    {
        var name = $"QUERY_AUTH_CODE to {account.AppId}";
        var code = world.Codes.CreateAuthorizationCode(component.AppId, account.AppId).Value;
        var since = world.Journal.CustomerServiceMessages().Count;
        var outcome = await PushAsync(component, account, openId, Message(account, openId, "text", new XElement("Content", new XCData("QUERY_AUTH_CODE:" + code))), cancellationToken);
        if (!outcome.Delivered || outcome.ReplyXml is not null)
        {
            return new ReleaseTestCase(name, false, outcome.Delivered ? "the reply must be empty or success, not a passive reply" : Why(outcome));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(world.Options.ReleaseTestApiDeadline);
        try
        {
            while (true)
            {
                var sent = world.Journal.CustomerServiceMessages().Skip(since)
                    .FirstOrDefault(m => m.ComponentAppId == component.AppId && m.AuthorizerAppId == account.AppId && m.ToUser == openId);
                if (sent is not null)
                {
                    return sent.Content == code + "_from_api"
                        ? new ReleaseTestCase(name, true, "answered empty, then sent " + sent.Content)
                        : new ReleaseTestCase(name, false, $"the customer-service message says '{sent.Content}', not '{code}_from_api'");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ReleaseTestCase(name, false, $"no customer-service message within {world.Options.ReleaseTestApiDeadline.TotalSeconds:0} s");
        }
    }

    private Task<Pushing.PushOutcome> PushAsync(SandboxComponent component, SandboxAccount account, string openId, string xml, CancellationToken cancellationToken) =>
        world.Pusher.PushMessageAsync(component, account.AppId, openId, account.UserName, xml, cancellationToken);

    private string Message(SandboxAccount account, string openId, string type, params XElement[] fields)
    {
        var xml = new XElement("xml",
            new XElement("ToUserName", new XCData(account.UserName)),
            new XElement("FromUserName", new XCData(openId)),
            new XElement("CreateTime", world.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new XElement("MsgType", new XCData(type)),
            fields);
        if (type == "text")
        {
            xml.Add(new XElement("MsgId", RandomNumberGenerator.GetInt32(int.MaxValue)));
        }

        return xml.ToString(SaveOptions.DisableFormatting);
    }

    private static ReleaseTestCase Verdict(string name, Pushing.PushOutcome outcome, string? expectedContent, string? toUser = null, string? fromUser = null)
    {
        if (!outcome.Delivered)
        {
            return new ReleaseTestCase(name, false, Why(outcome));
        }

        if (expectedContent is null)
        {
            return new ReleaseTestCase(name, true, "answered success");
        }

        if (outcome.ReplyXml is null)
        {
            return new ReleaseTestCase(name, false, $"no passive reply; expected the text '{expectedContent}'");
        }

        var reply = XElement.Parse(outcome.ReplyXml);
        var (content, to, from) = ((string?)reply.Element("Content"), (string?)reply.Element("ToUserName"), (string?)reply.Element("FromUserName"));
        return content == expectedContent && to == toUser && from == fromUser
            ? new ReleaseTestCase(name, true, "replied " + content)
            : new ReleaseTestCase(name, false, $"replied '{content}' to '{to}' from '{from}'; expected '{expectedContent}' to '{toUser}' from '{fromUser}'");
    }

    private static string Why(Pushing.PushOutcome outcome) => $"not delivered after {outcome.Attempts} attempt(s): {outcome.Problem}";
}
