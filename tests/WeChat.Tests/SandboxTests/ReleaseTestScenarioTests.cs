using System.Text.Json;
using WeChat.Tests.Support;
using WeChat.Xml;

namespace WeChat.Tests.SandboxTests;

/// <summary>POST /sandbox/api/components/{appid}/release-test: the authorized push, the ticket, the text, event and QUERY_AUTH_CODE cases, a verdict each.</summary>
public class ReleaseTestScenarioTests
{
    [Fact]
    public async Task A_platform_that_answers_the_text_and_event_but_never_calls_the_api_fails_only_the_query_auth_code_cases()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.ReleaseTestApiDeadline = TimeSpan.FromMilliseconds(300));
        scenario.Receiver.Responder = m => m.Content == "TESTCOMPONENT_MSG_TYPE_TEXT" ? PassiveReply.TextTo(m, DateTimeOffset.UtcNow, m.Content + "_callback")
            : m.Event == "LOCATION" ? PassiveReply.TextTo(m, DateTimeOffset.UtcNow, m.Event + "from_callback")
            : null;

        var report = await RunAsync(scenario, 2);
        var verdicts = report.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("passed").GetBoolean());
        var page = await scenario.Http.GetStringAsync($"{scenario.Sandbox.BaseUrl}/sandbox");

        Assert.False(report.GetProperty("passed").GetBoolean());
        Assert.Equal(("wx9252c5e0bb1836fc", "wxc39235c15087f6f3"), (report.GetProperty("official_account").GetString(), report.GetProperty("mini_program").GetString()));
        Assert.True(verdicts["authorized push for wx9252c5e0bb1836fc"]);
        Assert.True(verdicts["component_verify_ticket"]);
        Assert.True(verdicts["text TESTCOMPONENT_MSG_TYPE_TEXT"]);
        Assert.True(verdicts["event LOCATION"]);
        Assert.False(verdicts["QUERY_AUTH_CODE to wx9252c5e0bb1836fc"]);
        Assert.False(verdicts["QUERY_AUTH_CODE to wxc39235c15087f6f3"]);
        Assert.Contains("Release test, group 2", page);
        Assert.Contains("FAILED", page);
    }

    [Fact]
    public async Task A_platform_that_answers_success_to_everything_fails_the_text_and_event_cases()
    {
        await using var scenario = await SandboxScenario.StartAsync((o, _) => o.ReleaseTestApiDeadline = TimeSpan.FromMilliseconds(100));

        var cases = (await RunAsync(scenario, 1)).GetProperty("cases").EnumerateArray().ToList();

        Assert.Contains(cases, c => c.GetProperty("name").GetString() == "text TESTCOMPONENT_MSG_TYPE_TEXT" && !c.GetProperty("passed").GetBoolean()
            && c.GetProperty("detail").GetString()!.Contains("no passive reply"));
        Assert.Contains(cases, c => c.GetProperty("name").GetString() == "event LOCATION" && !c.GetProperty("passed").GetBoolean());
    }

    private static async Task<JsonElement> RunAsync(SandboxScenario scenario, int group)
    {
        using var response = await scenario.Http.PostAsync($"{scenario.Sandbox.BaseUrl}/sandbox/api/components/{TestComponent.AppId}/release-test?group={group}", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
