using Grains.Releases;
using WeChat.Crypto;
using WeChat.Xml;

namespace Grains.Bench.Simulated;

/// <summary>
/// The platform's message URL as the gateway serves it, for the audit events only: the sandbox's encrypted
/// weapp_audit_* pushes are decrypted and handed to the account's release grain, and <c>success</c> is answered only
/// once the grain took the verdict, so a push made while no silo answers is retried by the sandbox.
/// </summary>
internal sealed class AuditEventReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _delivered;

    private AuditEventReceiver(WebApplication app) => _app = app;

    /// <summary>The message URL as the sandbox takes it (<c>$APPID$</c> stands for the account).</summary>
    public string MessageUrl { get; private set; } = "";

    /// <summary>Where verdicts go; null while the cluster is being restarted.</summary>
    public IGrainFactory? Grains { get; set; }

    public long Delivered => Interlocked.Read(ref _delivered);

    public static async Task<AuditEventReceiver> StartAsync(string componentAppId, string token, string encodingAesKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new AuditEventReceiver(app);
        var crypt = new MessageCrypt(token, encodingAesKey, componentAppId);
        app.MapPost("/messages/{authorizerAppId}", async (string authorizerAppId, HttpContext http) =>
        {
            if (receiver.Grains is not { } grains)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var q = http.Request.Query;
            if (AuditEvents.VerdictIn(AccountMessage.Parse(crypt.DecryptPush(body, q["timestamp"]!, q["nonce"]!, q["msg_signature"]))) is { } verdict)
            {
                try
                {
                    await grains.GetGrain<IMiniProgramReleaseGrain>(AuthorizerKey.For(componentAppId, authorizerAppId)).OnAuditVerdictAsync(verdict);
                }
                catch (Exception ex) when (ex is TimeoutException or OrleansException or ObjectDisposedException)
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }

                Interlocked.Increment(ref receiver._delivered);
            }

            return Results.Text("success");
        });
        await app.StartAsync();
        receiver.MessageUrl = app.Urls.Single().TrimEnd('/') + "/messages/$APPID$";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
