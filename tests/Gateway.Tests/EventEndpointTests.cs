using System.Globalization;
using System.Net;
using System.Text;
using Gateway.Tests.Support;
using Grains;
using WeChat.Crypto;

namespace Gateway.Tests;

public sealed class EventEndpointTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private static string Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string TicketXml(string appId, string ticket) =>
        $"<xml><AppId><![CDATA[{appId}]]></AppId><CreateTime>{Now}</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[{ticket}]]></ComponentVerifyTicket></xml>";

    [Fact]
    public async Task A_signed_ticket_push_is_recorded_before_success_is_answered()
    {
        var ticket = "ticket@@@gateway-" + Guid.NewGuid();
        var push = host.Crypt.EncryptPush(TicketXml(GatewayHost.ComponentAppId, ticket), Now, "1234567", "AppId", GatewayHost.ComponentAppId);
        var before = await host.Grains.GetGrain<IComponentGrain>(GatewayHost.ComponentAppId).GetStatusAsync();

        using var response = await PostAsync(GatewayHost.ComponentAppId, push);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var after = await host.Grains.GetGrain<IComponentGrain>(GatewayHost.ComponentAppId).GetStatusAsync();
        Assert.True(after.TicketReceivedAt >= before.TicketReceivedAt);
    }

    [Fact]
    public async Task The_same_push_posted_again_is_answered_success()
    {
        var push = host.Crypt.EncryptPush(TicketXml(GatewayHost.ComponentAppId, "ticket@@@replayed"), Now, "7654321", "AppId", GatewayHost.ComponentAppId);

        using var first = await PostAsync(GatewayHost.ComponentAppId, push);
        using var again = await PostAsync(GatewayHost.ComponentAppId, push);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "success"), (again.StatusCode, await again.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task An_authorized_event_exchanges_the_code()
    {
        var code = host.Approve(GatewayHost.MiniProgram);
        var xml = $"<xml><AppId><![CDATA[{GatewayHost.ComponentAppId}]]></AppId><CreateTime>{Now}</CreateTime><InfoType><![CDATA[authorized]]></InfoType>" +
                  $"<AuthorizerAppid><![CDATA[{GatewayHost.MiniProgram}]]></AuthorizerAppid><AuthorizationCode><![CDATA[{code}]]></AuthorizationCode>" +
                  $"<AuthorizationCodeExpiredTime><![CDATA[{long.Parse(Now, CultureInfo.InvariantCulture) + 3600}]]></AuthorizationCodeExpiredTime><PreAuthCode><![CDATA[preauthcode@@@x]]></PreAuthCode></xml>";

        using var response = await PostAsync(GatewayHost.ComponentAppId, host.Crypt.EncryptPush(xml, Now, "555", "AppId", GatewayHost.ComponentAppId));
        var summary = await host.Grains.GetGrain<IAuthorizerGrain>(AuthorizerKey.For(GatewayHost.ComponentAppId, GatewayHost.MiniProgram)).GetSummaryAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuthorizerStatus.Authorized, summary.Status);
        Assert.True(summary.Profile?.IsMiniProgram);
    }

    [Fact]
    public async Task An_unknown_info_type_is_acknowledged()
    {
        var xml = $"<xml><AppId>{GatewayHost.ComponentAppId}</AppId><CreateTime>{Now}</CreateTime><InfoType>notify_third_fasteregister</InfoType><appid>wxnew</appid></xml>";

        using var response = await PostAsync(GatewayHost.ComponentAppId, host.Crypt.EncryptPush(xml, Now, "556", "AppId", GatewayHost.ComponentAppId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_push_for_an_unknown_component_is_404()
    {
        var push = host.Crypt.EncryptPush(TicketXml(GatewayHost.ComponentAppId, "t"), Now, "1", "AppId", GatewayHost.ComponentAppId);

        using var response = await PostAsync("wxunknown000000000", push);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_signature_is_403_and_changes_nothing()
    {
        var push = host.Crypt.EncryptPush(TicketXml(GatewayHost.ComponentAppId, "ticket@@@forged"), Now, "2", "AppId", GatewayHost.ComponentAppId);
        var before = await host.Grains.GetGrain<IComponentGrain>(GatewayHost.ComponentAppId).GetStatusAsync();

        using var response = await PostAsync(GatewayHost.ComponentAppId, push with { MsgSignature = new string('0', 40) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before.TicketReceivedAt, (await host.Grains.GetGrain<IComponentGrain>(GatewayHost.ComponentAppId).GetStatusAsync()).TicketReceivedAt);
    }

    [Fact]
    public async Task A_push_encrypted_for_another_appid_is_403()
    {
        var other = new MessageCrypt("sandboxdemotoken", "SandboxDemoEncodingAESKey000000000000000000", "wxanother000000000");
        var push = other.EncryptPush(TicketXml("wxanother000000000", "t"), Now, "3", "AppId", "wxanother000000000");

        using var response = await PostAsync(GatewayHost.ComponentAppId, push);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_stale_timestamp_is_400()
    {
        var old = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var push = host.Crypt.EncryptPush(TicketXml(GatewayHost.ComponentAppId, "t"), old, "4", "AppId", GatewayHost.ComponentAppId);

        using var response = await PostAsync(GatewayHost.ComponentAppId, push);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("?timestamp=1&nonce=2")]
    [InlineData("")]
    public async Task Missing_query_values_are_400(string query)
    {
        using var response = await host.Http.PostAsync($"/wechat/{GatewayHost.ComponentAppId}/events{query}", new StringContent("<xml/>"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var push = host.Crypt.EncryptPush(TicketXml(GatewayHost.ComponentAppId, new string('x', 70_000)), Now, "5", "AppId", GatewayHost.ComponentAppId);

        using var response = await PostAsync(GatewayHost.ComponentAppId, push);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_dtd_in_the_envelope_is_400()
    {
        var push = host.Crypt.EncryptPush(TicketXml(GatewayHost.ComponentAppId, "t"), Now, "6", "AppId", GatewayHost.ComponentAppId);
        var body = "<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + push.Body;

        using var response = await PostAsync(GatewayHost.ComponentAppId, push with { Body = body });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_decrypted_payload_that_is_not_an_event_is_400()
    {
        var push = host.Crypt.EncryptPush("<xml><Nothing/></xml>", Now, "7", "AppId", GatewayHost.ComponentAppId);

        using var response = await PostAsync(GatewayHost.ComponentAppId, push);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string componentAppId, EncryptedPush push) =>
        host.Http.PostAsync(
            $"/wechat/{componentAppId}/events?signature={push.Signature}&timestamp={push.Timestamp}&nonce={push.Nonce}&encrypt_type=aes&msg_signature={push.MsgSignature}",
            new StringContent(push.Body, Encoding.UTF8, "text/xml"));
}
