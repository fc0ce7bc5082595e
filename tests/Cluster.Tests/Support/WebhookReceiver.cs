using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Tests.Support;

/// <summary>The platform's business service: counts what it took per <c>webhook-id</c>, or is down (503).</summary>
public sealed class WebhookReceiver : IDisposable
{
    public const string Secret = "whsec_Y2x1c3Rlci10ZXN0cy13ZWJob29rLXNlY3JldA==";

    private readonly HttpListener _listener = new();
    private readonly Task _serving;

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

    public int Attempts => _attempts;

    private int _attempts;

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

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                await reader.ReadToEndAsync();
            }

            Interlocked.Increment(ref _attempts);
            if (Down)
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                Taken.AddOrUpdate(context.Request.Headers["webhook-id"] ?? "", 1, (_, n) => n + 1);
                context.Response.StatusCode = 204;
            }

            context.Response.Close();
        }
    }
}
