using System.Collections.Concurrent;
using WeChat.Crypto;
using WeChat.Xml;

namespace WeChat.Tests.Support;

/// <summary>
/// The tests' stand-in for a platform's two push URLs: it verifies and decrypts what the sandbox pushes, the way
/// the gateway will, and answers <c>success</c> or a passive reply.
/// </summary>
internal sealed class PlatformReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ComponentPush> _events = new();
    private readonly ConcurrentQueue<(string AppId, AccountMessage Message)> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private PlatformReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string EventUrl => BaseUrl + "/events";

    public string MessageUrl => BaseUrl + "/messages/$APPID$";

    /// <summary>Answers an account message; null answers <c>success</c>.</summary>
    public Func<AccountMessage, string?> Responder { get; set; } = _ => null;

    /// <summary>Changes the sealed passive reply before it is sent, to answer as a broken platform would.</summary>
    public Func<string, string> SealedReply { get; set; } = reply => reply;

    /// <summary>Status code answered on the event URL; anything but 200 makes the sandbox retry.</summary>
    public int EventStatusCode { get; set; } = 200;

    public static async Task<PlatformReceiver> StartAsync()
    {
        var app = LoopbackKestrel.Build();
        PlatformReceiver? receiver = null;
        var crypt = new MessageCrypt(TestComponent.Token, TestComponent.EncodingAesKey, TestComponent.AppId);

        app.MapPost("/events", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var q = http.Request.Query;
            var push = ComponentPush.Parse(crypt.DecryptPush(body, q["timestamp"]!, q["nonce"]!, q["msg_signature"]));
            if (receiver!.EventStatusCode != 200)
            {
                return Results.StatusCode(receiver.EventStatusCode);
            }

            receiver._events.Enqueue(push);
            receiver._arrived.Release();
            return Results.Text("success");
        });
        app.MapPost("/messages/{appId}", async (HttpContext http, string appId) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var q = http.Request.Query;
            var message = AccountMessage.Parse(crypt.DecryptPush(body, q["timestamp"]!, q["nonce"]!, q["msg_signature"]));
            if (receiver!.MessageStatusCode != 200)
            {
                return Results.StatusCode(receiver.MessageStatusCode);
            }

            receiver._messages.Enqueue((appId, message));
            var reply = receiver!.Responder(message);
            return reply is null ? Results.Text("success") : Results.Text(receiver.SealedReply(crypt.EncryptReply(reply, q["timestamp"]!, q["nonce"]!)), "application/xml");
        });

        var address = await LoopbackKestrel.StartAsync(app);
        receiver = new PlatformReceiver(app, address.TrimEnd('/'));
        return receiver;
    }

    /// <summary>Waits for the next push of type <typeparamref name="T"/>, skipping others.</summary>
    public async Task<T> NextAsync<T>(TimeSpan? timeout = null)
        where T : ComponentPush
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            await _arrived.WaitAsync(cts.Token);
            if (_events.TryDequeue(out var push) && push is T typed)
            {
                return typed;
            }
        }
    }

    public IReadOnlyList<ComponentPush> Received => _events.ToArray();

    /// <summary>Status code answered on the message URL; anything but 200 makes the sandbox retry.</summary>
    public int MessageStatusCode { get; set; } = 200;

    /// <summary>Every account message and event taken so far (verified and decrypted), with the appid of its URL.</summary>
    public IReadOnlyList<(string AppId, AccountMessage Message)> Messages => _messages.ToArray();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
