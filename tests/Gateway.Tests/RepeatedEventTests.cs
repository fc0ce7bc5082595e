using System.Net;
using Gateway.Tests.Support;
using Grains;
using Sandbox.State;
using WeChat.Api;

namespace Gateway.Tests;

/// <summary>
/// WeChat pushes again what got no answer within 5 seconds, sealed anew; anyone may post a captured push again. A push
/// that repeats one already handled is answered <c>success</c> and not acted on twice; one whose first attempt failed is
/// handled.
/// </summary>
public sealed class RepeatedEventTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private const string Account = GatewayHost.Account;

    private int Exchanges => host.WeChat.Calls.Count(ComponentApis.QueryAuth, errorCode: null);

    [Fact]
    public async Task An_authorized_event_posted_again_as_it_was_is_answered_success_and_exchanges_the_code_once()
    {
        var push = host.SealEvent(CallbackPosts.AuthorizedEvent(Account, host.Approve(Account)));
        var before = Exchanges;

        using var first = await host.PostEventAsync(push);
        using var again = await host.PostEventAsync(push);

        Assert.Equal((HttpStatusCode.OK, "success"), (first.StatusCode, await first.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "success"), (again.StatusCode, await again.Content.ReadAsStringAsync()));
        Assert.Equal(before + 1, Exchanges);
    }

    [Fact]
    public async Task WeChats_retry_of_an_authorized_event_sealed_anew_is_answered_success_and_exchanges_the_code_once()
    {
        var xml = CallbackPosts.AuthorizedEvent(Account, host.Approve(Account));
        var before = Exchanges;

        using var first = await host.PostEventAsync(host.SealEvent(xml));
        using var retry = await host.PostEventAsync(host.SealEvent(xml));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "success"), (retry.StatusCode, await retry.Content.ReadAsStringAsync()));
        Assert.Equal(before + 1, Exchanges);
    }

    [Fact]
    public async Task A_retry_arriving_while_the_first_is_still_handled_waits_for_it_and_exchanges_the_code_once()
    {
        var xml = CallbackPosts.AuthorizedEvent(Account, host.Approve(Account));
        var before = Exchanges;
        host.WeChat.Faults.Add(new Fault(FaultKind.Delay, 1, ComponentApis.QueryAuth, Delay: TimeSpan.FromSeconds(2)));

        var first = host.PostEventAsync(host.SealEvent(xml));
        var retry = host.PostEventAsync(host.SealEvent(xml));
        using var firstAnswer = await first;
        using var retryAnswer = await retry;

        Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "success"), (retryAnswer.StatusCode, await retryAnswer.Content.ReadAsStringAsync()));
        Assert.Equal(before + 1, Exchanges);
    }

    [Fact]
    public async Task A_retry_after_a_first_attempt_that_failed_is_handled()
    {
        var xml = CallbackPosts.AuthorizedEvent(GatewayHost.MiniProgram, host.Approve(GatewayHost.MiniProgram));
        // WeChat busy for every attempt of the first exchange (the client retries a busy answer three times).
        host.WeChat.Faults.Add(new Fault(FaultKind.SystemError, 4, ComponentApis.QueryAuth));

        using var first = await host.PostEventAsync(host.SealEvent(xml));
        using var retry = await host.PostEventAsync(host.SealEvent(xml));

        var summary = await host.Grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(GatewayHost.ComponentAppId, GatewayHost.MiniProgram)).GetSummaryAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "success"), (retry.StatusCode, await retry.Content.ReadAsStringAsync()));
        Assert.Equal(AuthorizerStatus.Authorized, summary.Status);
        Assert.NotNull(summary.TokenExpiresAt);
    }
}
