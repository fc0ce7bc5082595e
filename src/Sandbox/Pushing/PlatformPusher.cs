using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using Flurl;
using Microsoft.Extensions.Options;
using Sandbox.State;
using Sandbox.Crypto;

namespace Sandbox.Pushing;

/// <summary>
/// Sends encrypted, signed pushes to a platform the way WeChat does: the authorization-event URL gets tickets and
/// authorization events and must answer <c>success</c>; the message URL gets account messages and may answer
/// with an encrypted passive reply. Each push waits at most the push timeout and is attempted up to three times.
/// </summary>
public sealed partial class PlatformPusher(
    IHttpClientFactory httpClientFactory,
    IOptions<SandboxOptions> options,
    TicketBook tickets,
    ConversationBook conversations,
    Journal journal,
    TimeProvider time,
    ILogger<PlatformPusher> logger)
{
    public const string HttpClientName = "SandboxPush";

    public async Task<PushOutcome> PushTicketAsync(SandboxComponent component, CancellationToken cancellationToken = default)
    {
        var ticket = tickets.Issue(component.AppId);
        var xml = SystemPush(component, "component_verify_ticket", new XElement("ComponentVerifyTicket", new XCData(ticket)));
        return await PushEventAsync(component, "component_verify_ticket", xml, cancellationToken);
    }

    public Task<PushOutcome> PushAuthorizationAsync(SandboxComponent component, string infoType, AuthorizationCode code, string preAuthCode, CancellationToken cancellationToken = default)
    {
        var createdAt = time.GetUtcNow().ToUnixTimeSeconds();
        var xml = SystemPush(component, infoType,
            new XElement("AuthorizerAppid", new XCData(code.AuthorizerAppId)),
            new XElement("AuthorizationCode", new XCData(code.Value)),
            new XElement("AuthorizationCodeExpiredTime", new XCData((createdAt + 3600).ToString(CultureInfo.InvariantCulture))),
            new XElement("PreAuthCode", new XCData(preAuthCode)));
        return PushEventAsync(component, infoType, xml, cancellationToken);
    }

    public Task<PushOutcome> PushUnauthorizedAsync(SandboxComponent component, string authorizerAppId, CancellationToken cancellationToken = default)
    {
        var xml = SystemPush(component, "unauthorized", new XElement("AuthorizerAppid", new XCData(authorizerAppId)));
        return PushEventAsync(component, "unauthorized", xml, cancellationToken);
    }

    /// <summary>Pushes a message of an authorized account; the reply, if encrypted, is verified and decrypted.</summary>
    public async Task<PushOutcome> PushMessageAsync(SandboxComponent component, string authorizerAppId, string openId, string accountUserName, string plainXml, CancellationToken cancellationToken = default)
    {
        if (component.MessageUrl is null)
        {
            return PushOutcome.NoTarget;
        }

        conversations.UserWrote(authorizerAppId, openId);
        var envelope = EnvelopeFor(component);
        var url = component.MessageUrl.Replace("$APPID$", authorizerAppId, StringComparison.Ordinal);
        var push = envelope.Seal(plainXml, Timestamp(), Nonce(), "ToUserName", accountUserName);
        return await SendAsync(component, "message", url, push, openId, body =>
        {
            if (body.Length == 0 || body == "success")
            {
                return (true, null, null);
            }

            try
            {
                return (true, envelope.Open(body), null);
            }
            catch (InvalidDataException ex)
            {
                return (false, null, $"the reply is not a valid encrypted passive reply: {ex.Message}");
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Pushes an event WeChat itself raises for an account (e.g. weapp_audit_success) to the message URL, keyed by the
    /// account's original id; anything but <c>success</c> (or an empty answer) counts as not taken and is retried.
    /// </summary>
    public Task<PushOutcome> PushAccountEventAsync(SandboxComponent component, string authorizerAppId, string accountUserName, string kind, string plainXml, CancellationToken cancellationToken = default)
    {
        if (component.MessageUrl is null)
        {
            return Task.FromResult(PushOutcome.NoTarget);
        }

        var url = component.MessageUrl.Replace("$APPID$", authorizerAppId, StringComparison.Ordinal);
        var push = EnvelopeFor(component).Seal(plainXml, Timestamp(), Nonce(), "ToUserName", accountUserName);
        return SendAsync(component, kind, url, push, null,
            body => body is "" or "success" ? (true, null, null) : (false, null, "the platform did not answer 'success'"),
            cancellationToken);
    }

    private Task<PushOutcome> PushEventAsync(SandboxComponent component, string kind, string plainXml, CancellationToken cancellationToken)
    {
        if (component.EventUrl is null)
        {
            return Task.FromResult(PushOutcome.NoTarget);
        }

        var push = EnvelopeFor(component).Seal(plainXml, Timestamp(), Nonce(), "AppId", component.AppId);
        return SendAsync(component, kind, component.EventUrl, push, null,
            body => body == "success" ? (true, null, null) : (false, null, "the platform did not answer 'success'"),
            cancellationToken);
    }

    private async Task<PushOutcome> SendAsync(
        SandboxComponent component,
        string kind,
        string url,
        SealedPush push,
        string? openId,
        Func<string, (bool Accepted, string? Reply, string? Problem)> judge,
        CancellationToken cancellationToken)
    {
        var target = new Url(url)
            .SetQueryParam("signature", push.Signature)
            .SetQueryParam("timestamp", push.Timestamp)
            .SetQueryParam("nonce", push.Nonce);
        if (openId is not null)
        {
            target.SetQueryParam("openid", openId);
        }

        target.SetQueryParam("encrypt_type", "aes").SetQueryParam("msg_signature", push.MsgSignature);

        var http = httpClientFactory.CreateClient(HttpClientName);
        string? problem = null;
        for (var attempt = 1; attempt <= options.Value.PushAttempts; attempt++)
        {
            int? status = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.PushTimeout);
                using var content = new StringContent(push.Body, System.Text.Encoding.UTF8, "text/xml");
                using var response = await http.PostAsync(target.ToUri(), content, timeout.Token);
                status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    var (accepted, reply, why) = judge(body);
                    if (accepted)
                    {
                        Record(component, kind, url, attempt, status, "delivered");
                        return new PushOutcome(true, attempt, reply, null);
                    }

                    problem = why;
                }
                else
                {
                    problem = $"HTTP {status}";
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = $"no answer within {options.Value.PushTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException ex)
            {
                problem = ex.Message;
            }

            Record(component, kind, url, attempt, status, problem ?? "refused");
            LogPushFailed(logger, kind, component.AppId, attempt, problem);
        }

        return new PushOutcome(false, options.Value.PushAttempts, null, problem);
    }

    private void Record(SandboxComponent component, string kind, string url, int attempt, int? status, string outcome) =>
        journal.Record(new PushRecord(time.GetUtcNow(), component.AppId, kind, url, attempt, status, outcome));

    private string SystemPush(SandboxComponent component, string infoType, params XElement[] fields) =>
        new XElement("xml",
            new XElement("AppId", new XCData(component.AppId)),
            new XElement("CreateTime", time.GetUtcNow().ToUnixTimeSeconds()),
            new XElement("InfoType", new XCData(infoType)),
            fields)
        .ToString(SaveOptions.DisableFormatting);

    private static SandboxEnvelope EnvelopeFor(SandboxComponent component) =>
        new(component.Token, component.EncodingAESKey, component.AppId);

    private string Timestamp() => time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Nonce() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Sandbox push {Kind} to component {ComponentAppId} failed on attempt {Attempt}: {Problem}")]
    private static partial void LogPushFailed(ILogger logger, string kind, string componentAppId, int attempt, string? problem);
}
