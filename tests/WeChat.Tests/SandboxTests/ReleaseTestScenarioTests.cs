using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.ReleaseTesting;
using WeChat.Tests.Support;
using WeChat.Xml;

namespace WeChat.Tests.SandboxTests;

/// <summary>The full-network-release test run by the sandbox against a platform, with a verdict per case.</summary>
public class ReleaseTestScenarioTests
{
    [Fact]
    public async Task A_platform_that_answers_every_case_as_prescribed_passes()
    {
        await using var scenario = await SandboxScenario.StartAsync();
        await AnswerLikeAReleasedPlatformAsync(scenario);

        var report = await RunAsync(scenario, group: 3);

        Assert.True(report.GetProperty("passed").GetBoolean(), report.ToString());
        Assert.Equal(3, report.GetProperty("group").GetInt32());
        var cases = report.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(
            ["authorized wx8e1097c5bc82cde9", "authorized wx7720d01d4b2a4500", "component_verify_ticket", "text", "event",
             "QUERY_AUTH_CODE wx8e1097c5bc82cde9", "QUERY_AUTH_CODE wx7720d01d4b2a4500"],
            cases);
        Assert.Contains(scenario.Receiver.Received, p => p is AuthorizationPush { AuthorizerAppId: "wx8e1097c5bc82cde9" });
    }

    [Fact]
    public async Task A_platform_that_only_answers_success_fails_the_reply_and_api_cases()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.ReleaseTestApiDeadline = TimeSpan.FromSeconds(1));

        var report = await RunAsync(scenario, group: 1);

        var verdicts = report.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("passed").GetBoolean());
        Assert.False(report.GetProperty("passed").GetBoolean());
        Assert.True(verdicts["component_verify_ticket"]);
        Assert.True(verdicts["authorized wx570bc396a51b8ff8"]);
        Assert.False(verdicts["text"]);
        Assert.False(verdicts["event"]);
        Assert.False(verdicts["QUERY_AUTH_CODE wx570bc396a51b8ff8"]);
    }

    [Fact]
    public async Task The_last_run_is_shown_on_the_sandbox_page_and_by_the_control_api()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.ReleaseTestApiDeadline = TimeSpan.FromSeconds(1));
        await RunAsync(scenario, group: 2);

        var page = await scenario.Http.GetStringAsync($"{scenario.Sandbox.BaseUrl}/sandbox");
        var last = await scenario.Http.GetFromJsonAsync<JsonElement>($"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/release-test");

        Assert.Contains("id=\"release-test-verdict\" class=\"failed\"", page);
        Assert.Contains("QUERY_AUTH_CODE wx9252c5e0bb1836fc", page);
        Assert.Equal(2, last.GetProperty("group").GetInt32());
    }

    private static async Task<JsonElement> RunAsync(SandboxScenario scenario, int group)
    {
        using var response = await scenario.Http.PostAsJsonAsync($"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/release-test", new { group });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The platform's side of the test, as ../shared/wechat-protocol.md §5 prescribes it.</summary>
    private static async Task AnswerLikeAReleasedPlatformAsync(SandboxScenario scenario)
    {
        var client = scenario.Client();
        var componentToken = await scenario.ComponentTokenAsync(client);
        scenario.Receiver.Responder = message =>
        {
            if (message is { MsgType: "text", Content: ReleaseTestRunner.TestText })
            {
                return PassiveReply.TextTo(message, DateTimeOffset.UtcNow, ReleaseTestRunner.TestText + "_callback");
            }

            if (message is { IsEvent: true, Event: { } name })
            {
                return PassiveReply.TextTo(message, DateTimeOffset.UtcNow, name + "from_callback");
            }

            if (message.Content is { } content && content.StartsWith(ReleaseTestRunner.QueryAuthCodePrefix, StringComparison.Ordinal))
            {
                var code = content[ReleaseTestRunner.QueryAuthCodePrefix.Length..];
                _ = Task.Run(async () =>
                {
                    var auth = await client.QueryAuthAsync(componentToken, TestComponent.AppId, code);
                    await client.SendCustomTextMessageAsync(auth.AuthorizationInfo.AuthorizerAccessToken!, message.FromUserName, code + "_from_api");
                });
            }

            return null;
        };
    }
}
