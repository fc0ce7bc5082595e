using System.Globalization;
using System.Text;
using WeChat.Crypto;

namespace Cluster.Tests.Support;

public sealed partial class LocalCluster
{
    private readonly List<NodeProcess> _otherGateways = [];

    /// <summary>The platform's crypt, to sign and encrypt pushes as WeChat does.</summary>
    public MessageCrypt Crypt { get; } = new("sandboxdemotoken", "SandboxDemoEncodingAESKey000000000000000000", ComponentAppId);

    /// <summary>Another gateway replica of the same cluster (stopped with the fixture).</summary>
    public async Task<NodeProcess> StartAnotherGatewayAsync()
    {
        var gateway = new NodeProcess($"gateway{_otherGateways.Count + 2}", NodeProcess.Binary("Gateway"), AnyPort, _gatewayEnvironment, _logs);
        _otherGateways.Add(gateway);
        gateway.Start();
        await gateway.WaitReadyAsync();
        return gateway;
    }

    /// <summary>A signed, encrypted push exactly as WeChat sends it, so a test can send the same one to several gateways.</summary>
    public EncryptedPush Push(string plainXml, string envelopeIdName, string envelopeIdValue) =>
        Crypt.EncryptPush(plainXml, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Random.Shared.Next().ToString(CultureInfo.InvariantCulture), envelopeIdName, envelopeIdValue);

    /// <summary>Posts a push to a gateway's path (<c>events</c> or <c>messages/{appid}</c>); the gateway's answer.</summary>
    public static async Task<(int Status, string Body)> PostPushAsync(string gatewayUrl, string path, EncryptedPush push)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gatewayUrl) };
        using var response = await http.PostAsync(
            $"/wechat/{ComponentAppId}/{path}?signature={push.Signature}&timestamp={push.Timestamp}&nonce={push.Nonce}&encrypt_type=aes&msg_signature={push.MsgSignature}",
            new StringContent(push.Body, Encoding.UTF8, "text/xml"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
