using System.Collections.Concurrent;
using System.Text.Json;
using Grains.Messages;

namespace Gateway.Tests.Support;

/// <summary>
/// A business service behind a platform's webhook, on real Kestrel: verifies every delivery's signature, records
/// what it took, and can be down (503) or answer with a passive reply.
/// </summary>
public sealed class BusinessService : IAsyncDisposable
{
    public const string Secret = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0zMi1ieXRlcyE=";

    /// <summary>The secret a rotation adds next to <see cref="Secret"/>.</summary>
    public const string NextSecret = "whsec_bmV4dC13ZWJob29rLXNlY3JldC0zMi1ieXRlcyE=";

    /// <summary>The secret this service verifies with; a receiver that moved to the next secret checks that one.</summary>
    public volatile string VerifiedWith = Secret;

    private readonly WebApplication _app;

    private BusinessService(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public volatile bool Down;

    public volatile string? ReplyJson;

    /// <summary>Deliveries taken (answered 2xx), in order.</summary>
    public ConcurrentQueue<Delivery> Taken { get; } = new();

    /// <summary>Every attempt that reached the service, taken or not.</summary>
    public ConcurrentQueue<Delivery> Attempts { get; } = new();

    public static async Task<BusinessService> StartAsync()
    {
        var app = LoopbackKestrel.Build();
        var service = new BusinessService(app);
        app.MapPost("/webhook", service.ReceiveAsync);
        service.Url = await LoopbackKestrel.StartAsync(app) + "/webhook";
        return service;
    }

    /// <summary>The deliveries taken, once at least <paramref name="count"/> of them are.</summary>
    public Task<List<Delivery>> WaitForTakenAsync(int count, Func<Delivery, bool>? which = null) =>
        Eventually.Until(() => Taken.Where(which ?? (_ => true)).ToList(), taken => taken.Count >= count, what: $"{count} deliveries taken");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var id = request.Headers[WebhookSignature.IdHeader].ToString();
        var timestamp = long.Parse(request.Headers[WebhookSignature.TimestampHeader].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var delivery = new Delivery(
            id,
            int.Parse(request.Headers["webhook-attempt"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
            WebhookSignature.Verify(VerifiedWith, id, timestamp, body, request.Headers[WebhookSignature.SignatureHeader].ToString()),
            JsonDocument.Parse(body).RootElement.Clone(),
            request.Headers[WebhookSignature.SignatureHeader].ToString());
        Attempts.Enqueue(delivery);
        if (Down)
        {
            return Results.StatusCode(503);
        }

        Taken.Enqueue(delivery);
        return ReplyJson is { } reply ? Results.Text(reply, "application/json") : Results.NoContent();
    }

    public sealed record Delivery(string Id, int Attempt, bool SignatureValid, JsonElement Json, string SignatureHeader)
    {
        public string Field(string name) => Json.GetProperty(name).GetString()!;

        public string? MessageField(string name) =>
            Json.TryGetProperty("message", out var message) && message.TryGetProperty(name, out var value) ? value.GetString() : null;

        public bool IsAuthorizationChangeOf(string authorizerAppId) =>
            Field("type") == "authorization" && Field("authorizer_appid") == authorizerAppId;
    }
}
