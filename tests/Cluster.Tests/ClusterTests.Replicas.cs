using System.Globalization;
using Cluster.Tests.Support;

namespace Cluster.Tests;

public sealed partial class ClusterTests
{
    [Fact]
    public async Task A_push_replayed_to_another_gateway_within_the_timestamp_window_changes_nothing()
    {
        await cluster.StartAllAsync();
        var other = await cluster.StartAnotherGatewayAsync();
        // The probe: re-authorizing issues a token outside the once-per-lifetime rhythm the other accounts are held to.
        var account = LocalCluster.Probe;

        // An unauthorized push, answered by the first gateway; then the account authorizes again. WeChat stamped the
        // revocation 6 s ago: clearly earlier than the new authorization (the grain allows WeChat's clock 5 s of skew).
        var revokedAt = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 6).ToString(CultureInfo.InvariantCulture);
        var unauthorized = cluster.Push(
            $"<xml><AppId>{LocalCluster.ComponentAppId}</AppId><CreateTime>{revokedAt}</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>{account}</AuthorizerAppid></xml>",
            "AppId", LocalCluster.ComponentAppId);
        Assert.Equal((200, "success"), await LocalCluster.PostPushAsync(cluster.Gateway.Url, "events", unauthorized));
        Assert.Equal("unauthorized", (await cluster.AuthorizersAsync()).Single(a => a.AuthorizerAppid == account).Status);

        Assert.True(await cluster.AuthorizeThroughCallbackAsync(account));

        // The same push, within its five minutes, to a replica that never saw it: answered, and the new authorization stands.
        Assert.Equal((200, "success"), await LocalCluster.PostPushAsync(other.Url, "events", unauthorized));
        Assert.Equal("authorized", (await cluster.AuthorizersAsync()).Single(a => a.AuthorizerAppid == account).Status);
        Assert.Equal(200, (await cluster.ReadTokenAsync(account)).Status);

        // A message pushed to both replicas reaches the webhook once, whichever took it first.
        var msgId = Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        var message = cluster.Push(
            $"<xml><ToUserName><![CDATA[gh_{account[2..]}]]></ToUserName><FromUserName><![CDATA[oReplayUser]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[replayed]]></Content><MsgId>{msgId}</MsgId></xml>",
            "ToUserName", "gh_" + account[2..]);
        var deliveredBefore = cluster.Webhook.Deliveries.Values.Count(d => d.Type == "message" && d.AuthorizerAppId == account);
        Assert.Equal(200, (await LocalCluster.PostPushAsync(cluster.Gateway.Url, $"messages/{account}", message)).Status);
        Assert.Equal(200, (await LocalCluster.PostPushAsync(other.Url, $"messages/{account}", message)).Status);

        await Eventually.Until(() => cluster.Webhook.Deliveries.Values.Count(d => d.Type == "message" && d.AuthorizerAppId == account) > deliveredBefore);
        await cluster.Webhook.QuietAsync(RetriesSettled);
        Assert.Equal(deliveredBefore + 1, cluster.Webhook.Deliveries.Values.Count(d => d.Type == "message" && d.AuthorizerAppId == account));
        await other.StopAsync();
    }
}
