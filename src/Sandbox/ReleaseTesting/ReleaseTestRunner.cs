using System.Security.Cryptography;
using Sandbox.Crypto;
using Sandbox.Pushing;

namespace Sandbox.ReleaseTesting;

/// <summary>
/// The full-network-release test (全网发布, ../shared/wechat-protocol.md §5) as WeChat runs it: one of the five test
/// groups authorizes the platform (the authorized push), a ticket is pushed, then the test official account sends
/// the text, the event and QUERY_AUTH_CODE cases (and the test mini program its QUERY_AUTH_CODE case when the
/// platform declared mini-program sets). Passive replies must come within WeChat's 5 seconds.
/// </summary>
public sealed class ReleaseTestRunner(SandboxWorld world)
{
    /// <summary>WeChat's wait for a passive reply (§6.3).</summary>
    public static readonly TimeSpan ReplyDeadline = TimeSpan.FromSeconds(5);

    public const string TestText = "TESTCOMPONENT_MSG_TYPE_TEXT";

    public const string QueryAuthCodePrefix = "QUERY_AUTH_CODE:";

    public async Task<ReleaseTestReport> RunAsync(SandboxComponent component, int? group, CancellationToken cancellationToken)
    {
        var chosen = group ?? RandomNumberGenerator.GetInt32(1, 6);
        var report = new ReleaseTestReport(component.AppId, chosen, world.Time.GetUtcNow(), await CasesAsync(component, chosen, cancellationToken));
        world.ReleaseTests.Record(report);
        return report;
    }

    private async Task<List<ReleaseTestCase>> CasesAsync(SandboxComponent component, int group, CancellationToken cancellationToken)
    {
        var officialAccount = world.FindAccount(ReleaseTestAccounts.All[(group - 1) * 2].AppId);
        var miniProgram = world.FindAccount(ReleaseTestAccounts.All[((group - 1) * 2) + 1].AppId);
        if (officialAccount is null || miniProgram is null)
        {
            return [new ReleaseTestCase("accounts", false, "the release test accounts are not configured (Sandbox:IncludeReleaseTestAccounts)", TimeSpan.Zero)];
        }

        var cases = new List<ReleaseTestCase>();
        var testsOfficialAccount = component.PermissionSets.Exists(id => PermissionSetCatalog.AppliesTo(id, SandboxAccountKind.OfficialAccount));
        var testsMiniProgram = component.PermissionSets.Exists(id => PermissionSetCatalog.AppliesTo(id, SandboxAccountKind.MiniProgram));
        foreach (var account in new[] { testsOfficialAccount ? officialAccount : null, testsMiniProgram ? miniProgram : null }.OfType<SandboxAccount>())
        {
            cases.Add(await AuthorizedAsync(component, account, cancellationToken));
        }

        var ticket = await world.Pusher.PushTicketAsync(component, cancellationToken);
        cases.Add(new ReleaseTestCase("component_verify_ticket", ticket.Delivered, ticket.Problem ?? "answered success", ticket.Elapsed));
        if (testsOfficialAccount)
        {
            cases.Add(await PassiveReplyAsync(component, officialAccount, "text", TestText, TestText + "_callback", cancellationToken));
            cases.Add(await PassiveReplyAsync(component, officialAccount, "event", null, "LOCATIONfrom_callback", cancellationToken));
            cases.Add(await QueryAuthCodeAsync(component, officialAccount, cancellationToken));
        }

        if (testsMiniProgram)
        {
            cases.Add(await QueryAuthCodeAsync(component, miniProgram, cancellationToken));
        }

        return cases;
    }

    private async Task<ReleaseTestCase> AuthorizedAsync(SandboxComponent component, SandboxAccount account, CancellationToken cancellationToken)
    {
        var infoType = world.Authorizations.Find(component.AppId, account.AppId) is { Active: true } ? "updateauthorized" : "authorized";
        var preAuthCode = world.Codes.CreatePreAuthCode(component.AppId).Value;
        world.Codes.TryConsumePreAuthCode(component.AppId, preAuthCode);
        var code = world.Approve(component, account, preAuthCode, component.PermissionSets, pushEvent: false);
        var push = await world.Pusher.PushAuthorizationAsync(component, infoType, code, preAuthCode, cancellationToken);
        return new ReleaseTestCase($"{infoType} {account.AppId}", push.Delivered, push.Problem ?? "answered success", push.Elapsed);
    }

    private async Task<ReleaseTestCase> PassiveReplyAsync(SandboxComponent component, SandboxAccount account, string name, string? text, string expected, CancellationToken cancellationToken)
    {
        var tester = UserMessages.NewOpenId();
        var now = world.Time.GetUtcNow();
        var xml = text is null ? UserMessages.Location(account.UserName, tester, now) : UserMessages.Text(account.UserName, tester, now, text);
        var push = await world.Pusher.PushMessageAsync(component, account.AppId, tester, account.UserName, xml, cancellationToken, attempts: 1);
        var problem = JudgeReply(push, account, tester, expected);
        return new ReleaseTestCase(name, problem is null, problem ?? $"replied {expected}", push.Elapsed);
    }

    /// <summary>Null when the push got, in time, an encrypted text reply saying <paramref name="expected"/> to the tester.</summary>
    private static string? JudgeReply(PushOutcome push, SandboxAccount account, string tester, string expected)
    {
        if (!push.Delivered)
        {
            return push.Problem;
        }

        if (push.Elapsed > ReplyDeadline)
        {
            return $"the reply took {push.Elapsed.TotalSeconds:0.0} s, over WeChat's 5 s";
        }

        var reply = push.ReplyXml is null ? null : SandboxXml.TryParse(push.ReplyXml);
        if (reply is null)
        {
            return $"no encrypted passive reply; expected the text {expected}";
        }

        return (reply.Value("MsgType"), reply.Value("Content"), reply.Value("ToUserName"), reply.Value("FromUserName")) switch
        {
            (not "text", _, _, _) => $"the reply's MsgType is '{reply.Value("MsgType")}', not text",
            (_, var content, _, _) when content != expected => $"the reply says '{content}', not '{expected}'",
            (_, _, var to, _) when to != tester => "the reply's ToUserName is not the tester's openid",
            (_, _, _, var from) when from != account.UserName => $"the reply's FromUserName is not {account.UserName}",
            _ => null,
        };
    }

    private async Task<ReleaseTestCase> QueryAuthCodeAsync(SandboxComponent component, SandboxAccount account, CancellationToken cancellationToken)
    {
        var name = $"QUERY_AUTH_CODE {account.AppId}";
        var tester = UserMessages.NewOpenId();
        var code = world.Codes.CreateAuthorizationCode(component.AppId, account.AppId).Value;
        var xml = UserMessages.Text(account.UserName, tester, world.Time.GetUtcNow(), QueryAuthCodePrefix + code);
        var push = await world.Pusher.PushMessageAsync(component, account.AppId, tester, account.UserName, xml, cancellationToken, attempts: 1);
        if (!push.Delivered || push.ReplyXml is not null || push.Elapsed > ReplyDeadline)
        {
            return new ReleaseTestCase(name, false, push.Problem ?? (push.ReplyXml is not null ? "expected an empty reply, got a passive reply" : "the empty reply came after 5 s"), push.Elapsed);
        }

        var expected = code + "_from_api";
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < world.Options.ReleaseTestApiDeadline)
        {
            if (world.Journal.CustomerServiceMessages().Any(m => m.ToUser == tester && m.AuthorizerAppId == account.AppId && m.Content == expected))
            {
                return new ReleaseTestCase(name, true, $"sent {expected} through the customer-service API", TimeProvider.System.GetElapsedTime(started));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }

        return new ReleaseTestCase(name, false, $"no customer-service message {expected} to the tester within {world.Options.ReleaseTestApiDeadline.TotalSeconds:0} s", world.Options.ReleaseTestApiDeadline);
    }
}
