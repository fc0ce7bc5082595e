using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Cluster.Tests.Support;

/// <summary>The platform's business service: counts what it took per <c>webhook-id</c> and what each was, or is down (503).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "whsec_Y2x1c3Rlci10ZXN0cy13ZWJob29rLXNlY3JldA==";

    private readonly WebApplication _app = LoopbackKestrel.Build();
    private int _attempts;
    private int _order;
    private long _lastAttemptAt = Stopwatch.GetTimestamp();

    public WebhookReceiver()
    {
        _app.MapPost("/webhook", ReceiveAsync);
        _app.Start();
        Url = _app.Urls.Single() + "/webhook/";
    }

    public string Url { get; }

    public volatile bool Down;

    public ConcurrentDictionary<string, int> Taken { get; } = new();

    /// <summary>What each delivery taken was, by <c>webhook-id</c>.</summary>
    public ConcurrentDictionary<string, TakenDelivery> Deliveries { get; } = new();

    public int Attempts => _attempts;

    /// <summary>
    /// Until no delivery was attempted for <paramref name="quiet"/>: longer than the platform waits between retries,
    /// a delivery still pending would have been tried again meanwhile, so nothing more is on its way.
    /// </summary>
    public Task QuietAsync(TimeSpan quiet) =>
        Eventually.Until(() => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastAttemptAt)) >= quiet, quiet + TimeSpan.FromMinutes(1),
            $"no webhook delivery attempted for {quiet.TotalSeconds:0.#} s");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync();
        }

        Interlocked.Exchange(ref _lastAttemptAt, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _attempts);
        if (Down)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var id = request.Headers["webhook-id"].ToString();
        Taken.AddOrUpdate(id, 1, (_, n) => n + 1);
        Deliveries.TryAdd(id, TakenDelivery.Parse(Interlocked.Increment(ref _order), body));
        return Results.NoContent();
    }
}

/// <summary>A delivery's <c>type</c>, account and (for an authorization change) event, with the order it was first taken in.</summary>
public sealed record TakenDelivery(int Order, string Type, string AuthorizerAppId, string? Event)
{
    public static TakenDelivery Parse(int order, string body)
    {
        using var document = JsonDocument.Parse(body);
        var json = document.RootElement;
        return new TakenDelivery(order, json.GetProperty("type").GetString()!, json.GetProperty("authorizer_appid").GetString()!,
            json.TryGetProperty("event", out var change) ? change.GetString() : null);
    }
}
