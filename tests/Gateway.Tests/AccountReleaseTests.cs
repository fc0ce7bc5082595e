using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Support;

namespace Gateway.Tests;

/// <summary>
/// A mini program's audit events on its message URL: they reach its release state and, as messages, the webhook; the
/// stage change reaches the webhook as a <c>release</c> delivery; the release route answers the contract's JSON.
/// </summary>
public sealed class AccountReleaseTests(WebhookGatewayHost host) : IClassFixture<WebhookGatewayHost>
{
    private const string MiniProgramUserName = "gh_5a4db0acc003";

    [Fact]
    public async Task An_audit_fail_event_outside_any_campaign_sets_the_release_stage_and_reaches_the_webhook_as_message_and_as_release()
    {
        await host.AuthorizeAsync(GatewayHost.MiniProgram);
        var failedAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        var push = host.SealMessage(AuditFail(failedAt, "小程序名称与内容不符"), MiniProgramUserName);

        using var answer = await host.PostMessageAsync(GatewayHost.MiniProgram, push);
        using var again = await host.PostMessageAsync(GatewayHost.MiniProgram, push);
        var release = await host.Api.GetFromJsonAsync<JsonElement>($"/api/components/{GatewayHost.ComponentAppId}/authorizers/{GatewayHost.MiniProgram}/release");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(
            ["authorizer_appid", "template_id", "user_version", "stage", "auditid", "reason", "errcode", "campaign_id", "updated_at", "code_stage", "failed_step"],
            release.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("audit_failed", "小程序名称与内容不符"), (release.GetProperty("stage").GetString(), release.GetProperty("reason").GetString()));
        Assert.Equal(("audit_failed", JsonValueKind.Null), (release.GetProperty("code_stage").GetString(), release.GetProperty("failed_step").ValueKind));
        Assert.Equal(JsonValueKind.Null, release.GetProperty("campaign_id").ValueKind);

        var message = Assert.Single(await host.Business.WaitForTakenAsync(1, d => d.Field("type") == "message" && d.MessageField("event") == "weapp_audit_fail"));
        Assert.Equal(GatewayHost.MiniProgram, message.Field("authorizer_appid"));
        var change = Assert.Single(await host.Business.WaitForTakenAsync(1, d => d.Field("type") == "release"));
        Assert.Equal(("audit_failed", GatewayHost.MiniProgram, "小程序名称与内容不符"), (change.Field("stage"), change.Field("authorizer_appid"), change.Field("reason")));
        Assert.Equal(JsonValueKind.Null, change.Json.GetProperty("campaign_id").ValueKind);
        Assert.True(change.SignatureValid);
    }

    [Fact]
    public async Task The_release_state_of_an_account_that_never_authorized_is_a_404_problem()
    {
        using var response = await host.Api.GetAsync($"/api/components/{GatewayHost.ComponentAppId}/authorizers/wx5a4db0acc00000ee/release");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string AuditFail(DateTimeOffset at, string reason)
    {
        var seconds = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"<xml><ToUserName><![CDATA[{MiniProgramUserName}]]></ToUserName><FromUserName><![CDATA[o_system]]></FromUserName>"
            + $"<CreateTime>{seconds}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[weapp_audit_fail]]></Event>"
            + $"<Reason><![CDATA[{reason}]]></Reason><FailTime>{seconds}</FailTime><ScreenShot><![CDATA[m1|m2]]></ScreenShot></xml>";
    }
}
