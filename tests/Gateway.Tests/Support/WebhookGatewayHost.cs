using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Grains;
using Sandbox.Pushing;

namespace Gateway.Tests.Support;

/// <summary>The development gateway with the demo platform's webhook pointing at a <see cref="BusinessService"/>.</summary>
public class WebhookGatewayHost : GatewayHost
{
    public const string Tester = "oSandboxTester0000000000001";
    public const string AccountUserName = "gh_5a4db0acc001";

    public BusinessService Business { get; private set; } = null!;

    protected virtual TimeSpan GiveUpAfter => TimeSpan.FromMinutes(5);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("WeChat:Components:0:WebhookUrl", Business.Url),
        new("WeChat:Components:0:WebhookSecret", BusinessService.Secret),
        new("Webhooks:ReplyDeadline", "00:00:02"),
        new("Webhooks:RetryBaseDelay", "00:00:00.2"),
        new("Webhooks:RetryMaxDelay", "00:00:00.5"),
        new("Webhooks:GiveUpAfter", GiveUpAfter.ToString("c", CultureInfo.InvariantCulture)),
    ];

    public override async ValueTask InitializeAsync()
    {
        Business = await BusinessService.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Business.DisposeAsync();
    }

    /// <summary>Pushes a message of the demo account as WeChat does (encrypted, signed, retried on no answer).</summary>
    public Task<PushOutcome> PushAsync(string xml) =>
        WeChat.Pusher.PushMessageAsync(WeChat.Options.FindComponent(ComponentAppId)!, Account, Tester, AccountUserName, xml);

    /// <summary>The platform's dead letters once at least <paramref name="count"/> are held.</summary>
    public Task<JsonElement> WaitForDeadLettersAsync(int count) =>
        Eventually.Until(() => Api.GetFromJsonAsync<JsonElement>($"/api/components/{ComponentAppId}/dead-letters"),
            letters => letters.GetProperty("total").GetInt32() >= count, what: $"{count} dead letters");

    /// <summary>
    /// What the business service took, once the account's outbox holds nothing more to deliver: a duplicate could only
    /// come from a pending delivery, so nothing of these arrives after this.
    /// </summary>
    public async Task<List<BusinessService.Delivery>> TakenWhenDrainedAsync(Func<BusinessService.Delivery, bool> which, string account = Account)
    {
        var outbox = Grains.GetGrain<IMessageOutboxGrain>(AuthorizerKey.For(ComponentAppId, account));
        await Eventually.Until(async () => await outbox.GetPendingCountAsync() == 0, what: $"{account}'s outbox is drained");
        return [.. Business.Taken.Where(which)];
    }

    public static string Text(string content, long? msgId = null) =>
        $"<xml><ToUserName><![CDATA[{AccountUserName}]]></ToUserName><FromUserName><![CDATA[{Tester}]]></FromUserName><CreateTime>{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msgId ?? Random.Shared.NextInt64()}</MsgId></xml>";

    public static string Event(string name, long createTime) =>
        $"<xml><ToUserName><![CDATA[{AccountUserName}]]></ToUserName><FromUserName><![CDATA[{Tester}]]></FromUserName><CreateTime>{createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event><EventKey><![CDATA[menu-1]]></EventKey></xml>";
}

/// <summary>A platform in the middle of rotating its webhook secret: the old one and the next one both configured.</summary>
public sealed class RotatingWebhookGatewayHost : WebhookGatewayHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        base.Settings.Append(new("WeChat:Components:0:WebhookSecrets:0", BusinessService.NextSecret));
}

/// <summary>A platform whose messages become dead letters after one second of failed attempts.</summary>
public sealed class ImpatientWebhookGatewayHost : WebhookGatewayHost
{
    protected override TimeSpan GiveUpAfter => TimeSpan.FromSeconds(1);
}
