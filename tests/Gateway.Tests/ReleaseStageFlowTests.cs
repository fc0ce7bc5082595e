using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>
/// One mini program's release grain against the sandbox's code management, with the sandbox's own audit events
/// (decided through its control API, pushed encrypted to the account's message URL) going through the gateway's
/// message route: the release route shows each stage, and the webhook hears each stage change once, in order.
/// </summary>
public sealed class ReleaseStageFlowTests(WebhookGatewayHost host) : IClassFixture<WebhookGatewayHost>
{
    private const string MiniProgram = GatewayHost.MiniProgram;

    private IMiniProgramReleaseGrain Release => host.Grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(GatewayHost.ComponentAppId, MiniProgram));

    [Fact]
    public async Task A_mini_program_is_delayed_then_approved_released_rejected_released_again_reverted_and_gray_released_and_the_webhook_hears_each_stage_once_in_order()
    {
        await host.AuthorizeAsync(MiniProgram);

        // A delay first: the grain takes a delay only when no verdict came in the five minutes before the submission.
        await StepAsync(Release.CommitAsync(Commit("cmp_flow_1", "2.0.0")), "committed");
        await StepAsync(Release.SubmitAuditAsync("cmp_flow_1", null), "auditing");
        await DecideAsync("delay", "需要人工复核", "audit_delayed", "需要人工复核");
        await DecideAsync("approve", null, "approved", null);
        await StepAsync(Release.ReleaseAsync("cmp_flow_1", null), "released");

        await StepAsync(Release.CommitAsync(Commit("cmp_flow_2", "2.1.0")), "committed");
        await StepAsync(Release.SubmitAuditAsync("cmp_flow_2", null), "auditing");
        await DecideAsync("reject", "小程序名称与内容不符", "audit_failed", "小程序名称与内容不符");

        await StepAsync(Release.CommitAsync(Commit("cmp_flow_3", "2.2.0")), "committed");
        await StepAsync(Release.SubmitAuditAsync("cmp_flow_3", null), "auditing");
        await DecideAsync("approve", null, "approved", null);
        await StepAsync(Release.ReleaseAsync("cmp_flow_3", null), "released");
        await StepAsync(Release.RevertAsync("cmp_flow_3"), "reverted");

        await StepAsync(Release.CommitAsync(Commit("cmp_flow_4", "2.3.0")), "committed");
        await StepAsync(Release.SubmitAuditAsync("cmp_flow_4", null), "auditing");
        await DecideAsync("approve", null, "approved", null);
        await StepAsync(Release.ReleaseAsync("cmp_flow_4", 10), "gray");

        string[] expected =
        [
            "committed", "auditing", "audit_delayed", "approved", "released",
            "committed", "auditing", "audit_failed",
            "committed", "auditing", "approved", "released", "reverted",
            "committed", "auditing", "approved", "gray",
        ];
        var changes = await host.TakenWhenDrainedAsync(d => d.Field("type") == "release", MiniProgram);
        Assert.Equal(expected, changes.Select(c => c.Field("stage")));
        Assert.Equal(changes.Count, changes.Select(c => c.Id).Distinct().Count());
        Assert.All(changes, c => Assert.True(c.SignatureValid));
        Assert.Equal(
            ["cmp_flow_1", "cmp_flow_2", "cmp_flow_3", "cmp_flow_4"],
            changes.Select(c => c.Field("campaign_id")).Distinct());
        Assert.Equal("小程序名称与内容不符", changes.Single(c => c.Field("stage") == "audit_failed").Field("reason"));

        var events = host.Business.Taken.Where(d => d.Field("type") == "message").Select(d => d.MessageField("event")).Where(e => e?.StartsWith("weapp_audit_", StringComparison.Ordinal) == true);
        Assert.Equal(["weapp_audit_delay", "weapp_audit_success", "weapp_audit_fail", "weapp_audit_success", "weapp_audit_success"], events);

        var code = await host.Http.GetFromJsonAsync<JsonElement>($"/sandbox/api/components/{GatewayHost.ComponentAppId}/authorizations/{MiniProgram}/code");
        Assert.Equal("gray", code.GetProperty("stage").GetString());
    }

    private static ReleaseCommit Commit(string campaignId, string version) =>
        new(campaignId, 1, $$"""{"extAppid":"{{MiniProgram}}"}""", version, $"release flow {version}");

    /// <summary>A step the platform takes: done at once, and the route shows the stage it reached.</summary>
    private async Task StepAsync(Task<ReleaseStepResult> step, string stage)
    {
        var result = await step;
        Assert.True(result.Status == ReleaseStepStatus.Done, $"{stage}: {result.Status} {result.ErrorCode} {result.Reason}");
        var shown = await ShownAsync();
        Assert.Equal(stage, shown.GetProperty("stage").GetString());
    }

    /// <summary>
    /// The sandbox's reviewer decides the open audit and pushes its event to the message URL; the route shows the stage
    /// once the gateway took it. WeChat's event times are in seconds and two events of one kind at the same second read
    /// as one repeated event, so a verdict waits for the second after the previous one.
    /// </summary>
    private async Task DecideAsync(string verdict, string? reason, string stage, string? shownReason)
    {
        var previous = await ShownAsync();
        var previousSecond = previous.GetProperty("updated_at").GetDateTimeOffset().ToUnixTimeSeconds();
        await Eventually.Until(() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > previousSecond, what: "the clock is past the previous change's second");
        using var decided = await host.Http.PostAsJsonAsync(
            $"/sandbox/api/components/{GatewayHost.ComponentAppId}/authorizations/{MiniProgram}/audit", new { verdict, reason });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

        var shown = await Eventually.Until(ShownAsync, r => r.GetProperty("stage").GetString() == stage, what: $"the release route shows {stage}");
        Assert.Equal(shownReason, shown.GetProperty("reason").GetString());
    }

    private Task<JsonElement> ShownAsync() =>
        host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{GatewayHost.ComponentAppId}/authorizers/{MiniProgram}/release");
}
