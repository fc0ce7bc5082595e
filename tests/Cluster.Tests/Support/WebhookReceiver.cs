using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Cluster.Tests.Support;

/// <summary>The platform's business service: counts what it took per <c>webhook-id</c> and what each was, or is down (503).</summary>
public sealed class WebhookReceiver : IDisposable
{
    public const string Secret = "whsec_Y2x1c3Rlci10ZXN0cy13ZWJob29rLXNlY3JldA==";

    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _attempts;
    private int _order;

    public WebhookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/webhook/";
        probe.Stop();
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public volatile bool Down;

    public ConcurrentDictionary<string, int> Taken { get; } = new();

    /// <summary>What each delivery taken was, by <c>webhook-id</c>.</summary>
    public ConcurrentDictionary<string, TakenDelivery> Deliveries { get; } = new();

    public int Attempts => _attempts;

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            string body;
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                body = await reader.ReadToEndAsync();
            }

            Interlocked.Increment(ref _attempts);
            if (Down)
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                var id = context.Request.Headers["webhook-id"] ?? "";
                Taken.AddOrUpdate(id, 1, (_, n) => n + 1);
                Deliveries.TryAdd(id, TakenDelivery.Parse(Interlocked.Increment(ref _order), body));
                context.Response.StatusCode = 204;
            }

            context.Response.Close();
        }
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
