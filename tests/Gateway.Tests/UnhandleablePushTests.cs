using System.Net;
using Gateway.Tests.Support;
using Grains.Messages;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>
/// A push that can never be handled is answered <c>success</c> (refused, WeChat would push it again and again) and
/// recorded for an operator: logged and counted on <c>wechat.pushes.unhandleable</c>.
/// </summary>
public sealed class UnhandleablePushTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    /// <summary>The demo account that grants the platform no permission set, so WeChat issues no refresh token.</summary>
    private const string GrantsNothing = "wx5a4db0acc0000006";

    [Fact]
    public async Task An_authorization_that_granted_no_permission_set_is_acknowledged_recorded_and_not_exchanged_again()
    {
        using var unhandleable = Collector();
        var xml = CallbackPosts.AuthorizedEvent(GrantsNothing, host.Approve(GrantsNothing));
        var before = host.WeChat.Calls.Count(ComponentApis.QueryAuth, errorCode: null);

        using var first = await host.PostEventAsync(host.SealEvent(xml));
        using var retry = await host.PostEventAsync(host.SealEvent(xml));

        Assert.Equal((HttpStatusCode.OK, "success"), (first.StatusCode, await first.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "success"), (retry.StatusCode, await retry.Content.ReadAsStringAsync()));
        Assert.Equal(before + 1, host.WeChat.Calls.Count(ComponentApis.QueryAuth, errorCode: null));
        var recorded = Assert.Single(unhandleable.GetMeasurementSnapshot());
        Assert.Equal(("authorized", "wechat_refused"), (recorded.Tags["info_type"], recorded.Tags["reason"]));
    }

    [Theory]
    [InlineData("not-an-appid")]
    [InlineData("wx5a4db0acc0000001/../x")]
    [InlineData("wx5a4db0acc00000011")]
    public async Task An_unauthorized_push_whose_appid_names_no_account_is_acknowledged_and_recorded(string appId)
    {
        using var unhandleable = Collector();

        using var response = await host.PostEventAsync(host.SealEvent(CallbackPosts.UnauthorizedEvent(appId)));

        Assert.Equal((HttpStatusCode.OK, "success"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        var recorded = Assert.Single(unhandleable.GetMeasurementSnapshot());
        Assert.Equal(("unauthorized", "malformed_appid"), (recorded.Tags["info_type"], recorded.Tags["reason"]));
    }

    [Fact]
    public async Task A_push_that_fails_for_a_while_is_not_acknowledged_so_WeChat_pushes_it_again()
    {
        using var unhandleable = Collector();
        var xml = CallbackPosts.AuthorizedEvent(GatewayHost.Account, host.Approve(GatewayHost.Account));
        host.WeChat.Faults.Add(new Sandbox.State.Fault(Sandbox.State.FaultKind.Http500, 4, ComponentApis.QueryAuth));

        using var response = await host.PostEventAsync(host.SealEvent(xml));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(unhandleable.GetMeasurementSnapshot());
    }

    private MetricCollector<long> Collector() =>
        new(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), MessageMetrics.MeterName, "wechat.pushes.unhandleable");
}
