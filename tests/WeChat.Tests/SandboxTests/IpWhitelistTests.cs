using WeChat.Api;
using WeChat.Tests.Support;

namespace WeChat.Tests.SandboxTests;

/// <summary>The IP whitelist is on by default: a platform that registered no egress IP is refused everywhere (61004).</summary>
public class IpWhitelistTests
{
    [Fact]
    public async Task A_platform_with_no_whitelisted_ip_is_refused_every_api()
    {
        await using var scenario = await SandboxScenario.StartAsync((_, c) => c.AllowedClientIps.Clear());
        var client = scenario.Client();

        var ticket = await Assert.ThrowsAsync<WeChatApiException>(() => client.StartPushTicketAsync(TestComponent.AppId, TestComponent.AppSecret));
        var token = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetComponentTokenAsync(TestComponent.AppId, TestComponent.AppSecret, "ticket@@@x"));

        Assert.Equal((WeChatErrorCodes.ClientIpNotRegistered, WeChatErrorCodes.ClientIpNotRegistered), (ticket.ErrorCode, token.ErrorCode));
    }

    [Fact]
    public void The_whitelist_matches_addresses_an_ipv4_caller_seen_over_ipv6_included_and_an_empty_one_admits_nobody()
    {
        var component = new Sandbox.SandboxComponent { AllowedClientIps = ["::1", "127.0.0.1"] };
        var mapped = System.Net.IPAddress.Parse("127.0.0.1").MapToIPv6();

        Assert.True(component.AdmitsCaller(mapped));
        Assert.True(component.AdmitsCaller(System.Net.IPAddress.IPv6Loopback));
        Assert.False(component.AdmitsCaller(System.Net.IPAddress.Parse("203.0.113.7")));
        Assert.False(new Sandbox.SandboxComponent().AdmitsCaller(System.Net.IPAddress.Loopback));
    }
}
