using Grains.Releases;
using WeChat.Crypto;
using WeChat.Xml;

namespace Grains.Tests.Support;

/// <summary>
/// The platform's authorization-event URL and message URL for grain tests: verifies and decrypts the sandbox's pushes
/// and hands them to the grains, answering <c>success</c> only after the grain returned (the gateway's contract). Of
/// the account messages only the audit events matter to the grains; they go to the account's release grain.
/// </summary>
internal sealed class EventForwarder : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EventForwarder(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The message URL as the sandbox takes it (<c>$APPID$</c> stands for the account).</summary>
    public string MessageUrl => Url[..^"/events".Length] + "/messages/$APPID$";

    public IGrainFactory? Grains { get; set; }

    public static async Task<EventForwarder> StartAsync()
    {
        var app = LoopbackKestrel.Build();
        var crypt = new MessageCrypt(Accounts.Token, Accounts.EncodingAesKey, Accounts.ComponentAppId);
        EventForwarder? forwarder = null;
        app.MapPost("/events", async (HttpContext http) =>
        {
            var grains = forwarder!.Grains;
            if (grains is null)
            {
                return Results.StatusCode(503);
            }

            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var q = http.Request.Query;
            var push = ComponentPush.Parse(crypt.DecryptPush(body, q["timestamp"]!, q["nonce"]!, q["msg_signature"]));
            var component = grains.GetGrain<IComponentGrain>(push.ComponentAppId);
            switch (push)
            {
                case VerifyTicketPush ticket:
                    await component.RecordTicketAsync(ticket.Ticket, ticket.CreatedAt);
                    break;
                case AuthorizationPush authorization:
                    await component.CompleteAuthorizationAsync(authorization.AuthorizationCode);
                    break;
                case UnauthorizedPush unauthorized:
                    await component.RevokeAuthorizationAsync(unauthorized.AuthorizerAppId, unauthorized.CreatedAt);
                    break;
            }

            return Results.Text("success");
        });
        app.MapPost("/messages/{authorizerAppId}", async (string authorizerAppId, HttpContext http) =>
        {
            if (forwarder!.Grains is not { } grains)
            {
                return Results.StatusCode(503);
            }

            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var q = http.Request.Query;
            var message = AccountMessage.Parse(crypt.DecryptPush(body, q["timestamp"]!, q["nonce"]!, q["msg_signature"]));
            if (AuditEvents.VerdictIn(message) is { } verdict)
            {
                await grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(Accounts.ComponentAppId, authorizerAppId)).OnAuditVerdictAsync(verdict);
            }

            return Results.Text("success");
        });
        var address = await LoopbackKestrel.StartAsync(app);
        forwarder = new EventForwarder(app, address.TrimEnd('/') + "/events");
        return forwarder;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
